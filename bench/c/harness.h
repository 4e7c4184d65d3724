/*
 * harness.h — the C side of the NF benchmark: one core, rx from net_null0, tx to net_null1,
 * 64-byte frames written once into every mbuf of the pool (see fill_pool in harness.c and
 * bench/nf-bench/BenchTraffic.swift, which it mirrors).
 *
 * Each program (fwd.c, ttl.c, acl.c, maglev.c, flowmon.c) defines its per-burst function and
 * runs it with bench_loop, which is always inlined so the burst function is a direct,
 * inlinable call, as an NF author would write the loop by hand. The loop mirrors the Swift
 * runtime's CoreLoop: rx burst, process, tx burst, then a time check for due events.
 */
#ifndef BENCH_HARNESS_H
#define BENCH_HARNESS_H

#include <stdint.h>
#include <rte_cycles.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#define BURST 32
#define FLOW_COUNT 1024
#define INITIAL_TTL 64

struct bench {
    const char *name;     /* case name printed in the result line */
    uint16_t rx, tx;      /* port ids of net_null0 and net_null1 */
    struct rte_mempool *pool;
    unsigned filled;      /* mbufs written by fill_pool */
    double seconds, warmup;
};

/* Initialises EAL from argv (EAL arguments, then "--", then: CASE [SECONDS [WARMUP]]),
 * creates the pool, fills it, starts both ports. Exits with a message on failure. */
void bench_init(struct bench *b, int argc, char **argv);
struct result;
/* Stops the ports, cleans EAL up, prints the result line (same format as nf-bench). */
void bench_finish(struct bench *b, const struct result *r, const char *detail);
uint64_t bench_now_ns(void);
uint64_t bench_rx_packets(uint16_t port);
uint64_t bench_tx_packets(uint16_t port);

/* Frees pkts[i] when drop is true, else moves it to pkts[*kept] (the common compaction step). */
static inline void keep_or_free(struct rte_mbuf **pkts, uint16_t i, uint16_t *kept, int drop)
{
    if (drop) rte_pktmbuf_free(pkts[i]);
    else pkts[(*kept)++] = pkts[i];
}

/* Processes a burst in place: keeps the packets to send at the front of pkts (in order),
 * frees the others, returns how many it kept. */
typedef uint16_t (*burst_fn)(struct rte_mbuf **pkts, uint16_t n);
/* Scheduled work, run between bursts when due (tsc is the current TSC). */
typedef void (*event_fn)(uint64_t tsc);

/* Runs one phase of `ticks` TSC ticks. `event` runs every `period` ticks (period 0: never). */
static inline __attribute__((always_inline)) void
bench_phase(const struct bench *b, burst_fn burst, event_fn event, uint64_t period, uint64_t ticks)
{
    struct rte_mbuf *pkts[BURST];
    uint64_t now = rte_rdtsc();
    const uint64_t end = now + ticks;
    uint64_t next_event = period ? now + period : UINT64_MAX;
    uint64_t due = next_event < end ? next_event : end;
    for (;;) {
        uint16_t n = rte_eth_rx_burst(b->rx, 0, pkts, BURST);
        if (n > 0) {
            uint16_t keep = burst(pkts, n);
            uint16_t sent = rte_eth_tx_burst(b->tx, 0, pkts, keep);
            if (sent < keep) rte_pktmbuf_free_bulk(pkts + sent, keep - sent);
        }
        now = rte_rdtsc();
        if (now >= due) {
            if (now >= end) return;
            if (now >= next_event) {
                event(now);
                next_event = now + period;
            }
            due = next_event < end ? next_event : end;
        }
    }
}

/* Device counters over the measured phase. */
struct result {
    uint64_t rx, tx, ns;
};

/* A warm-up phase, then the measured one. */
static inline __attribute__((always_inline)) struct result
bench_run(const struct bench *b, burst_fn burst, event_fn event, uint64_t period)
{
    const uint64_t hz = rte_get_tsc_hz();
    bench_phase(b, burst, event, period, (uint64_t)(b->warmup * hz));
    uint64_t rx0 = bench_rx_packets(b->rx), tx0 = bench_tx_packets(b->tx), t0 = bench_now_ns();
    bench_phase(b, burst, event, period, (uint64_t)(b->seconds * hz));
    uint64_t t1 = bench_now_ns();
    return (struct result){bench_rx_packets(b->rx) - rx0, bench_tx_packets(b->tx) - tx0, t1 - t0};
}

#endif
