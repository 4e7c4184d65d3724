/*
 * fwd.c — the minimal C DPDK forwarder, the baseline for the Swift runtime's overhead:
 *   forward   rx burst → tx burst, frames untouched;
 *   macswap   frames of at least 14 bytes get source and destination MAC swapped;
 *   ipv4read  frames that are not valid IPv4 (ipv4.h) are dropped, nothing is written.
 */
#include "harness.h"
#include "ipv4.h"

#include <stdio.h>
#include <string.h>

static uint16_t forward(struct rte_mbuf **pkts, uint16_t n)
{
    (void)pkts;
    return n;
}

static uint16_t macswap(struct rte_mbuf **pkts, uint16_t n)
{
    uint16_t kept = 0;
    for (uint16_t i = 0; i < n; i++) {
        struct rte_mbuf *m = pkts[i];
        int drop = rte_pktmbuf_data_len(m) < sizeof(struct rte_ether_hdr);
        if (!drop) {
            struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
            struct rte_ether_addr d = eth->dst_addr;
            eth->dst_addr = eth->src_addr;
            eth->src_addr = d;
        }
        keep_or_free(pkts, i, &kept, drop);
    }
    return kept;
}

static uint16_t ipv4read(struct rte_mbuf **pkts, uint16_t n)
{
    uint16_t kept = 0;
    for (uint16_t i = 0; i < n; i++) keep_or_free(pkts, i, &kept, ipv4_header(pkts[i]) == NULL);
    return kept;
}

static void no_event(uint64_t tsc) { (void)tsc; }

int main(int argc, char **argv)
{
    struct bench b;
    bench_init(&b, argc, argv);
    struct result r;
    if (strcmp(b.name, "forward") == 0) r = bench_run(&b, forward, no_event, 0);
    else if (strcmp(b.name, "macswap") == 0) r = bench_run(&b, macswap, no_event, 0);
    else if (strcmp(b.name, "ipv4read") == 0) r = bench_run(&b, ipv4read, no_event, 0);
    else {
        fprintf(stderr, "fwd: unknown case %s (forward, macswap, ipv4read)\n", b.name);
        return 2;
    }
    bench_finish(&b, &r, NULL);
    return 0;
}
