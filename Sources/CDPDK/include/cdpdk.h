/*
 * cdpdk.h — the thin C shim between Swift and DPDK 22.11.
 *
 * Swift's importer drops 64-byte-aligned structs (rte_mbuf, rte_mempool import as
 * OpaquePointer) and function-like macros, so every mbuf field the runtime reads or writes has a
 * `static inline` accessor here; these inline into the Swift loop and cost nothing. Everything
 * else (EAL, ports, bursts, stats) is a plain wrapper with a C-friendly signature. Nothing but
 * DPDK access belongs in this file: packet logic lives in Swift.
 */
#ifndef CDPDK_H
#define CDPDK_H

#include <stdint.h>
#include <stdbool.h>
#include <rte_eal.h>
#include <rte_lcore.h>
#include <rte_launch.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>
#include <rte_mempool.h>
#include <rte_errno.h>

/* ---- EAL ---------------------------------------------------------------------------- */

/** Initialises the EAL; returns the number of arguments it consumed or -1 (see cdpdk_errno). */
int cdpdk_eal_init(int argc, char **argv);
/** Releases EAL resources (hugepage files, shared config). */
int cdpdk_eal_cleanup(void);
/** rte_errno of the calling thread, and its text. */
int cdpdk_errno(void);
const char *cdpdk_strerror(int err);

static inline unsigned cdpdk_lcore_id(void) { return rte_lcore_id(); }
static inline unsigned cdpdk_main_lcore(void) { return rte_get_main_lcore(); }
static inline unsigned cdpdk_lcore_count(void) { return rte_lcore_count(); }
/** Next enabled lcore after `prev` (pass RTE_MAX_LCORE-sized sentinel via -1 to start), skipping main. */
static inline unsigned cdpdk_next_worker_lcore(unsigned prev) { return rte_get_next_lcore(prev, 1, 0); }
static inline unsigned cdpdk_max_lcore(void) { return RTE_MAX_LCORE; }
/** Runs `fn(arg)` on worker lcore `lcore`; 0 on success. */
int cdpdk_launch(int (*fn)(void *), void *arg, unsigned lcore);
/** Runs `fn(arg)` on a new detached EAL control thread (named `name`, at most 15 characters): it
 *  runs on the CPUs the EAL gave no lcore, off the packet cores. 0 on success. */
int cdpdk_control_thread(const char *name, int (*fn)(void *), void *arg);
/** Waits for every worker lcore to return. */
void cdpdk_wait_all(void);

static inline uint64_t cdpdk_tsc(void) { return rte_get_tsc_cycles(); }
static inline uint64_t cdpdk_tsc_hz(void) { return rte_get_tsc_hz(); }

/* ---- mempools ----------------------------------------------------------------------- */

/** Creates a packet mbuf pool of `count` buffers with `data_room` bytes each (incl. headroom). */
struct rte_mempool *cdpdk_pool_create(const char *name, unsigned count, unsigned cache,
                                      uint16_t data_room, int socket);
void cdpdk_pool_free(struct rte_mempool *pool);
static inline unsigned cdpdk_pool_available(const struct rte_mempool *pool) {
    return rte_mempool_avail_count(pool);
}
static inline unsigned cdpdk_pool_in_use(const struct rte_mempool *pool) {
    return rte_mempool_in_use_count(pool);
}

/* ---- mbufs -------------------------------------------------------------------------- */

static inline struct rte_mbuf *cdpdk_mbuf_alloc(struct rte_mempool *pool) {
    return rte_pktmbuf_alloc(pool);
}
static inline int cdpdk_mbuf_alloc_bulk(struct rte_mempool *pool, struct rte_mbuf **out, unsigned n) {
    return rte_pktmbuf_alloc_bulk(pool, out, n);
}
static inline void cdpdk_mbuf_free(struct rte_mbuf *m) { rte_pktmbuf_free(m); }
static inline void cdpdk_mbuf_free_bulk(struct rte_mbuf **m, unsigned n) { rte_pktmbuf_free_bulk(m, n); }
/** Start of the buffer; packet data begins at data_off bytes into it. */
static inline void *cdpdk_mbuf_buf_addr(const struct rte_mbuf *m) { return m->buf_addr; }
static inline uint16_t cdpdk_mbuf_buf_len(const struct rte_mbuf *m) { return m->buf_len; }
static inline uint16_t cdpdk_mbuf_data_off(const struct rte_mbuf *m) { return m->data_off; }
static inline uint16_t cdpdk_mbuf_data_len(const struct rte_mbuf *m) { return m->data_len; }
static inline uint16_t cdpdk_mbuf_nb_segs(const struct rte_mbuf *m) { return m->nb_segs; }
static inline struct rte_mempool *cdpdk_mbuf_pool(const struct rte_mbuf *m) { return m->pool; }
static inline void *cdpdk_mbuf_data(const struct rte_mbuf *m) {
    return rte_pktmbuf_mtod(m, void *);
}
/** Sets a single-segment mbuf's data window (offset into the buffer and length). */
static inline void cdpdk_mbuf_set_window(struct rte_mbuf *m, uint16_t data_off, uint16_t len) {
    m->data_off = data_off;
    m->data_len = len;
    m->pkt_len = len;
}
static inline uint16_t cdpdk_mbuf_refcnt(const struct rte_mbuf *m) { return rte_mbuf_refcnt_read(m); }
static inline void cdpdk_mbuf_refcnt_add(struct rte_mbuf *m, int16_t v) { rte_mbuf_refcnt_update(m, v); }
/** Copies a (possibly chained) mbuf into one linear buffer from `pool`; NULL if it does not fit. */
struct rte_mbuf *cdpdk_mbuf_linearize_copy(struct rte_mbuf *m, struct rte_mempool *pool);

/* ---- ports -------------------------------------------------------------------------- */

/** Number of usable ports (physical and vdevs created from EAL arguments). */
static inline uint16_t cdpdk_port_count(void) { return rte_eth_dev_count_avail(); }
/** Port id of a device by its name (e.g. "net_af_packet0"); -1 if there is none. */
int cdpdk_port_by_name(const char *name);
/** Writes the device name of `port` into `out`; 0 on success. */
int cdpdk_port_name(uint16_t port, char *out, unsigned len);
/** Hot-plugs a vdev ("net_null0,size=64"); returns its port id or a negative errno. */
int cdpdk_vdev_attach(const char *devargs);
/**
 * Configures `port` with `rxq`/`txq` queues of `desc` descriptors fed from `pool`, enables
 * promiscuous mode, and starts it. Returns 0 or a negative errno; `stage` names the failing step.
 */
int cdpdk_port_start(uint16_t port, uint16_t rxq, uint16_t txq, uint16_t desc,
                     struct rte_mempool *pool, const char **stage);
int cdpdk_port_stop(uint16_t port);
int cdpdk_port_close(uint16_t port);
/** Writes the port's MAC address (6 bytes). */
int cdpdk_port_mac(uint16_t port, uint8_t out[6]);
/** Link MTU, or -1. */
int cdpdk_port_mtu(uint16_t port);

static inline uint16_t cdpdk_rx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n) {
    return rte_eth_rx_burst(port, queue, pkts, n);
}
static inline uint16_t cdpdk_tx_burst(uint16_t port, uint16_t queue, struct rte_mbuf **pkts, uint16_t n) {
    return rte_eth_tx_burst(port, queue, pkts, n);
}

/** The counters of rte_eth_stats a switch reports. */
struct cdpdk_port_stats {
    uint64_t rx_packets, tx_packets, rx_bytes, tx_bytes;
    uint64_t rx_missed, rx_errors, tx_errors, rx_nombuf;
};
int cdpdk_port_stats(uint16_t port, struct cdpdk_port_stats *out);

#endif
