/*
 * acl.c — C equivalent of samples/nfs/ACLFirewall.swift with the rules of
 * bench/nf-bench/BenchConfiguration.swift: first match wins, default deny, per-rule hit counts,
 * frames that are not valid IPv4 dropped. The rules are copied into a run-time table at start,
 * as a firewall loads its configuration, so the compiler cannot fold them into the code.
 */
#include "harness.h"
#include "ipv4.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_PORT 0x10000u /* the port value of packets without ports: outside every range */

struct rule {
    uint32_t src_net, src_mask, dst_net, dst_mask;
    uint32_t sport_low, sport_span, dport_low, dport_span; /* p in range when p - low <= span */
    uint8_t proto, proto_mask;
    bool allow;
};

#define ANY_PORTS 0, NO_PORT
#define PORT(p) (p), 0
static const struct rule configured[] = {
    {0x0A630000, 0xFFFF0000, 0, 0, ANY_PORTS, ANY_PORTS, 0, 0, false},                  /* deny src 10.99/16 */
    {0, 0, 0xC0000263, 0xFFFFFFFF, ANY_PORTS, ANY_PORTS, 0, 0, false},                  /* deny dst 192.0.2.99 */
    {0, 0, 0, 0, ANY_PORTS, PORT(53), IPPROTO_UDP, 0xFF, false},                        /* deny udp :53 */
    {0xAC100000, 0xFFF00000, 0, 0, ANY_PORTS, PORT(443), IPPROTO_TCP, 0xFF, true},      /* allow 172.16/12 tcp :443 */
    {0x0A000000, 0xFF000000, 0, 0, ANY_PORTS, PORT(23), IPPROTO_TCP, 0xFF, false},      /* deny 10/8 tcp :23 */
    {0, 0, 0, 0, ANY_PORTS, 8080, 10, IPPROTO_TCP, 0xFF, true},                          /* allow tcp :8080-8090 */
    {0, 0, 0, 0, ANY_PORTS, ANY_PORTS, IPPROTO_ICMP, 0xFF, false},                      /* deny icmp */
    {0x0A000000, 0xFF000000, 0xC0000200, 0xFFFFFF00, ANY_PORTS, PORT(80), IPPROTO_TCP, 0xFF, true}, /* allow web */
};
/* The rule table and its length, set at start; extern so no translation unit can assume them. */
struct rule *rules;
unsigned rule_count;
static uint64_t *hits; /* per rule; hits[rule_count] counts the default action */

static inline bool allows(struct rte_mbuf *m, const struct rte_ipv4_hdr *ip)
{
    const uint32_t src = rte_be_to_cpu_32(ip->src_addr), dst = rte_be_to_cpu_32(ip->dst_addr);
    const uint8_t proto = ip->next_proto_id;
    uint16_t sp16, dp16;
    uint32_t sport = NO_PORT, dport = NO_PORT;
    if (ipv4_ports(m, ip, &sp16, &dp16)) {
        sport = sp16;
        dport = dp16;
    }
    for (unsigned i = 0; i < rule_count; i++) {
        const struct rule *r = &rules[i];
        if ((src & r->src_mask) == r->src_net && (dst & r->dst_mask) == r->dst_net &&
            (proto & r->proto_mask) == r->proto && sport - r->sport_low <= r->sport_span &&
            dport - r->dport_low <= r->dport_span) {
            hits[i]++;
            return r->allow;
        }
    }
    hits[rule_count]++;
    return false;
}

static uint16_t acl_burst(struct rte_mbuf **pkts, uint16_t n)
{
    uint16_t kept = 0;
    for (uint16_t i = 0; i < n; i++) {
        struct rte_ipv4_hdr *ip = ipv4_header(pkts[i]);
        keep_or_free(pkts, i, &kept, ip == NULL || !allows(pkts[i], ip));
    }
    return kept;
}

static void no_event(uint64_t tsc) { (void)tsc; }

int main(int argc, char **argv)
{
    struct bench b;
    bench_init(&b, argc, argv);
    rule_count = sizeof(configured) / sizeof(configured[0]);
    rules = malloc(sizeof(configured));
    memcpy(rules, configured, sizeof(configured));
    hits = calloc(rule_count + 1, sizeof(*hits));
    struct result r = bench_run(&b, acl_burst, no_event, 0);
    char detail[96];
    snprintf(detail, sizeof(detail), "rule8=%llu default=%llu", (unsigned long long)hits[7],
             (unsigned long long)hits[rule_count]);
    bench_finish(&b, &r, detail);
    return 0;
}
