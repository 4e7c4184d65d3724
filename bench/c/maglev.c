/*
 * maglev.c — C equivalent of samples/nfs/Maglev*.swift with the backends of
 * bench/nf-bench/BenchConfiguration.swift: the same lookup table (same name hashes, same
 * population), a flow cache in an rte_hash keyed by the IPv4 5-tuple, the same flow hash
 * (FlowKey.symmetricHash) for the table, destination MAC rewritten to the backend's. A
 * scheduled event checks for a newer table every millisecond, as MaglevWorker.refresh does.
 */
#include "harness.h"
#include "ipv4.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <rte_hash.h>
#include <rte_hash_crc.h>

#define TABLE_SIZE 65537u
#define BACKENDS 16
#define FLOW_CAPACITY 65536
#define NO_BACKEND 0xFFFF

struct table {
    uint16_t entries[TABLE_SIZE];
    struct rte_ether_addr addresses[BACKENDS];
    bool live[BACKENDS];
};

struct flow_key {
    uint32_t src, dst;
    uint16_t sport, dport;
    uint8_t proto, pad[3];
};

static struct table *current, *published;
static struct rte_hash *flows;
static unsigned cached;
static uint64_t uncached, unbalanced;

static uint64_t fnv1a(const char *s, uint64_t h)
{
    for (; *s; s++) {
        h ^= (uint8_t)*s;
        h *= 0x00000100000001B3ull;
    }
    return h;
}

static uint64_t fmix64(uint64_t h)
{
    h = (h ^ (h >> 33)) * 0xFF51AFD7ED558CCDull;
    h = (h ^ (h >> 33)) * 0xC4CEB9FE1A85EC53ull;
    return h ^ (h >> 33);
}

/* MaglevLookupTable.populate: the paper's Pseudocode 1. */
static struct table *build_table(void)
{
    struct table *t = malloc(sizeof(*t));
    uint64_t offset[BACKENDS], skip[BACKENDS], next[BACKENDS] = {0};
    for (unsigned i = 0; i < TABLE_SIZE; i++) t->entries[i] = NO_BACKEND;
    for (unsigned b = 0; b < BACKENDS; b++) {
        char name[32];
        snprintf(name, sizeof(name), "backend-%u", b);
        offset[b] = fnv1a(name, 0xCBF29CE484222325ull) % TABLE_SIZE;
        skip[b] = fmix64(fnv1a(name, 0x84222325CBF29CE4ull)) % (TABLE_SIZE - 1) + 1;
        t->addresses[b] = (struct rte_ether_addr){{0x02, 0, 0, 0, 0x01, (uint8_t)b}};
        t->live[b] = true;
    }
    for (unsigned filled = 0;;) {
        for (unsigned b = 0; b < BACKENDS; b++) {
            uint64_t c = (offset[b] + next[b] * skip[b]) % TABLE_SIZE;
            while (t->entries[c] != NO_BACKEND) {
                next[b]++;
                c = (offset[b] + next[b] * skip[b]) % TABLE_SIZE;
            }
            t->entries[c] = (uint16_t)b;
            next[b]++;
            if (++filled == TABLE_SIZE) return t;
        }
    }
}

/* FlowKey.symmetricHash of an IPv4 5-tuple (the ::ffff prefixes cancel in src ^ dst). */
static inline uint32_t flow_hash(const struct flow_key *k)
{
    uint64_t h = (uint64_t)(k->src ^ k->dst);
    h ^= (uint64_t)(uint16_t)(k->sport ^ k->dport) << 8 ^ k->proto;
    return (uint32_t)fmix64(h);
}

static inline bool steer(struct rte_mbuf *m, struct rte_ipv4_hdr *ip)
{
    struct flow_key key = {.src = rte_be_to_cpu_32(ip->src_addr), .dst = rte_be_to_cpu_32(ip->dst_addr),
                           .proto = ip->next_proto_id};
    ipv4_ports(m, ip, &key.sport, &key.dport);
    void *data;
    uint16_t slot;
    if (rte_hash_lookup_data(flows, &key, &data) >= 0 && current->live[(uintptr_t)data]) {
        slot = (uint16_t)(uintptr_t)data;
    } else {
        slot = current->entries[flow_hash(&key) % TABLE_SIZE];
        if (slot == NO_BACKEND) {
            unbalanced++;
            return false;
        }
        if (cached < FLOW_CAPACITY && rte_hash_add_key_data(flows, &key, (void *)(uintptr_t)slot) == 0) cached++;
        else uncached++;
    }
    rte_pktmbuf_mtod(m, struct rte_ether_hdr *)->dst_addr = current->addresses[slot];
    m->hash.usr = slot;
    return true;
}

static uint16_t maglev_burst(struct rte_mbuf **pkts, uint16_t n)
{
    uint16_t kept = 0;
    for (uint16_t i = 0; i < n; i++) {
        struct rte_ipv4_hdr *ip = ipv4_header(pkts[i]);
        keep_or_free(pkts, i, &kept, ip == NULL || !steer(pkts[i], ip));
    }
    return kept;
}

/* MaglevWorker.refresh: adopt the control plane's latest table. */
static void refresh(uint64_t tsc)
{
    (void)tsc;
    struct table *latest = __atomic_load_n(&published, __ATOMIC_ACQUIRE);
    if (latest != current) current = latest;
}

int main(int argc, char **argv)
{
    struct bench b;
    bench_init(&b, argc, argv);
    current = published = build_table();
    struct rte_hash_parameters params = {
        .name = "maglev_flows", .entries = FLOW_CAPACITY, .key_len = sizeof(struct flow_key),
        .hash_func = rte_hash_crc, .socket_id = (int)rte_socket_id(),
    };
    if ((flows = rte_hash_create(&params)) == NULL) {
        fprintf(stderr, "maglev: rte_hash_create failed\n");
        return 1;
    }
    struct result r = bench_run(&b, maglev_burst, refresh, rte_get_tsc_hz() / 1000);
    char detail[96];
    snprintf(detail, sizeof(detail), "cached=%u uncached=%llu", cached, (unsigned long long)uncached);
    bench_finish(&b, &r, detail);
    return 0;
}
