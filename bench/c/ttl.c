/*
 * ttl.c — C equivalent of samples/nfs/TTLDecrement.swift: drop frames that are not valid IPv4
 * and packets arriving with TTL <= 1, decrement TTL with an incremental checksum update.
 * As in the Swift bench, the source first resets each frame's TTL to 64 (a separate pass).
 */
#include "harness.h"
#include "ipv4.h"

/* The bench source's step (BenchTraffic.restoreTTL): TTL back to 64, checksum patched. */
static inline void restore_ttl(struct rte_mbuf *m)
{
    struct rte_ipv4_hdr *ip = rte_pktmbuf_mtod_offset(m, struct rte_ipv4_hdr *, sizeof(struct rte_ether_hdr));
    uint16_t old = (uint16_t)(ip->time_to_live << 8 | ip->next_proto_id);
    ip->time_to_live = INITIAL_TTL;
    uint16_t new_word = (uint16_t)(INITIAL_TTL << 8 | ip->next_proto_id);
    ip->hdr_checksum = rte_cpu_to_be_16(checksum_adjust(rte_be_to_cpu_16(ip->hdr_checksum), old, new_word));
}

static uint16_t ttl_burst(struct rte_mbuf **pkts, uint16_t n)
{
    for (uint16_t i = 0; i < n; i++) restore_ttl(pkts[i]);
    uint16_t kept = 0;
    for (uint16_t i = 0; i < n; i++) {
        struct rte_ipv4_hdr *ip = ipv4_header(pkts[i]);
        int drop = ip == NULL || ip->time_to_live <= 1;
        if (!drop) {
            uint16_t old = (uint16_t)(ip->time_to_live << 8 | ip->next_proto_id);
            ip->time_to_live--;
            uint16_t new_word = (uint16_t)(ip->time_to_live << 8 | ip->next_proto_id);
            ip->hdr_checksum = rte_cpu_to_be_16(checksum_adjust(rte_be_to_cpu_16(ip->hdr_checksum), old, new_word));
        }
        keep_or_free(pkts, i, &kept, drop);
    }
    return kept;
}

static void no_event(uint64_t tsc) { (void)tsc; }

int main(int argc, char **argv)
{
    struct bench b;
    bench_init(&b, argc, argv);
    struct result r = bench_run(&b, ttl_burst, no_event, 0);
    bench_finish(&b, &r, NULL);
    return 0;
}
