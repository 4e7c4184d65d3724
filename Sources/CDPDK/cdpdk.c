#include <stdlib.h>
#include <errno.h>
#include <pthread.h>
#include "cdpdk.h"
#include <string.h>
#include <rte_bus_vdev.h>

int cdpdk_eal_init(int argc, char **argv) { return rte_eal_init(argc, argv); }
int cdpdk_eal_cleanup(void) { return rte_eal_cleanup(); }
int cdpdk_errno(void) { return rte_errno; }
const char *cdpdk_strerror(int err) { return rte_strerror(err); }

int cdpdk_launch(int (*fn)(void *), void *arg, unsigned lcore) {
    return rte_eal_remote_launch(fn, arg, lcore);
}
void cdpdk_wait_all(void) { rte_eal_mp_wait_lcore(); }

struct cdpdk_control_start { int (*fn)(void *); void *arg; };

static void *cdpdk_control_main(void *start) {
    struct cdpdk_control_start s = *(struct cdpdk_control_start *)start;
    free(start);
    s.fn(s.arg);
    return NULL;
}

int cdpdk_control_thread(const char *name, int (*fn)(void *), void *arg) {
    struct cdpdk_control_start *start = malloc(sizeof *start);
    if (start == NULL) return -ENOMEM;
    start->fn = fn;
    start->arg = arg;
    pthread_t thread;
    int rc = rte_ctrl_thread_create(&thread, name, NULL, cdpdk_control_main, start);
    if (rc != 0) {
        free(start);
        return rc;
    }
    return pthread_detach(thread);
}

struct rte_mempool *cdpdk_pool_create(const char *name, unsigned count, unsigned cache,
                                      uint16_t data_room, int socket) {
    return rte_pktmbuf_pool_create(name, count, cache, 0, data_room, socket);
}
void cdpdk_pool_free(struct rte_mempool *pool) { rte_mempool_free(pool); }

struct rte_mbuf *cdpdk_mbuf_linearize_copy(struct rte_mbuf *m, struct rte_mempool *pool) {
    uint32_t len = rte_pktmbuf_pkt_len(m);
    struct rte_mbuf *copy = rte_pktmbuf_alloc(pool);
    if (copy == NULL) return NULL;
    char *dst = len <= UINT16_MAX ? rte_pktmbuf_append(copy, (uint16_t)len) : NULL;
    const void *src = dst == NULL ? NULL : rte_pktmbuf_read(m, 0, len, dst);
    if (src == NULL) {
        rte_pktmbuf_free(copy);
        return NULL;
    }
    if (src != dst) memcpy(dst, src, len);
    return copy;
}

int cdpdk_port_by_name(const char *name) {
    uint16_t id;
    if (rte_eth_dev_get_port_by_name(name, &id) != 0) return -1;
    return id;
}

int cdpdk_port_name(uint16_t port, char *out, unsigned len) {
    char name[RTE_ETH_NAME_MAX_LEN];
    if (rte_eth_dev_get_name_by_port(port, name) != 0) return -1;
    strncpy(out, name, len);
    if (len > 0) out[len - 1] = 0;
    return 0;
}

int cdpdk_vdev_attach(const char *devargs) {
    char name[RTE_ETH_NAME_MAX_LEN];
    size_t n = strcspn(devargs, ",");
    if (n >= sizeof(name)) return -ENAMETOOLONG;
    memcpy(name, devargs, n);
    name[n] = 0;
    int rc = rte_vdev_init(name, devargs[n] == ',' ? devargs + n + 1 : "");
    if (rc != 0) return rc < 0 ? rc : -rc;
    int id = cdpdk_port_by_name(name);
    return id < 0 ? -ENODEV : id;
}

int cdpdk_port_start(uint16_t port, uint16_t rxq, uint16_t txq, uint16_t desc,
                     struct rte_mempool *pool, const char **stage) {
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof(conf));
    struct rte_eth_dev_info info;
    int rc = rte_eth_dev_info_get(port, &info);
    if (rc != 0) { *stage = "rte_eth_dev_info_get"; return rc; }
    if (rxq > info.max_rx_queues) { *stage = "rx queue count above device maximum"; return -EINVAL; }
    if (txq > info.max_tx_queues) { *stage = "tx queue count above device maximum"; return -EINVAL; }
    rc = rte_eth_dev_configure(port, rxq, txq, &conf);
    if (rc != 0) { *stage = "rte_eth_dev_configure"; return rc; }
    uint16_t nrx = desc, ntx = desc;
    rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx);
    if (rc != 0) { *stage = "rte_eth_dev_adjust_nb_rx_tx_desc"; return rc; }
    int socket = rte_eth_dev_socket_id(port);
    for (uint16_t q = 0; q < rxq; q++) {
        rc = rte_eth_rx_queue_setup(port, q, nrx, socket < 0 ? 0 : socket, NULL, pool);
        if (rc != 0) { *stage = "rte_eth_rx_queue_setup"; return rc; }
    }
    for (uint16_t q = 0; q < txq; q++) {
        rc = rte_eth_tx_queue_setup(port, q, ntx, socket < 0 ? 0 : socket, NULL);
        if (rc != 0) { *stage = "rte_eth_tx_queue_setup"; return rc; }
    }
    rc = rte_eth_dev_start(port);
    if (rc != 0) { *stage = "rte_eth_dev_start"; return rc; }
    /* Not every PMD supports promiscuous mode (net_null does not): that is not an error. */
    (void)rte_eth_promiscuous_enable(port);
    *stage = "started";
    return 0;
}

int cdpdk_port_stop(uint16_t port) { return rte_eth_dev_stop(port); }
int cdpdk_port_close(uint16_t port) { return rte_eth_dev_close(port); }

int cdpdk_port_mac(uint16_t port, uint8_t out[6]) {
    struct rte_ether_addr addr;
    int rc = rte_eth_macaddr_get(port, &addr);
    if (rc == 0) memcpy(out, addr.addr_bytes, 6);
    return rc;
}

int cdpdk_port_mtu(uint16_t port) {
    uint16_t mtu;
    return rte_eth_dev_get_mtu(port, &mtu) == 0 ? mtu : -1;
}

int cdpdk_port_stats(uint16_t port, struct cdpdk_port_stats *out) {
    struct rte_eth_stats s;
    int rc = rte_eth_stats_get(port, &s);
    if (rc != 0) return rc;
    out->rx_packets = s.ipackets;
    out->tx_packets = s.opackets;
    out->rx_bytes = s.ibytes;
    out->tx_bytes = s.obytes;
    out->rx_missed = s.imissed;
    out->rx_errors = s.ierrors;
    out->tx_errors = s.oerrors;
    out->rx_nombuf = s.rx_nombuf;
    return 0;
}
