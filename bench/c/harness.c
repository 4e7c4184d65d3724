/* harness.c — cold parts of the C benchmark: EAL, pool fill, counters, result line (ports: port.c). */
#include "harness.h"
#include "port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <rte_eal.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_tcp.h>

static uint16_t port_named(const char *name)
{
    uint16_t id;
    if (rte_eth_dev_get_port_by_name(name, &id) != 0) {
        fprintf(stderr, "c-bench: EAL arguments must create %s (--vdev=%s,size=64)\n", name, name);
        exit(1);
    }
    return id;
}

/* Flow `flow`'s 64-byte frame, as BenchTraffic.template(flow:) with a 10-byte 0xAB payload. */
static void write_frame(uint8_t *p, unsigned flow, uint16_t id)
{
    struct rte_ether_hdr *eth = (struct rte_ether_hdr *)p;
    static const struct rte_ether_addr client = {{0x02, 0, 0, 0, 0, 0x01}}, server = {{0x02, 0, 0, 0, 0, 0x02}};
    eth->dst_addr = server;
    eth->src_addr = client;
    eth->ether_type = rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4);
    struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
    memset(ip, 0, sizeof(*ip));
    ip->version_ihl = 0x45;
    ip->total_length = rte_cpu_to_be_16(50);
    ip->packet_id = rte_cpu_to_be_16(id);
    ip->fragment_offset = rte_cpu_to_be_16(0x4000);
    ip->time_to_live = INITIAL_TTL;
    ip->next_proto_id = IPPROTO_TCP;
    ip->src_addr = rte_cpu_to_be_32(0x0A000000u | flow);
    ip->dst_addr = rte_cpu_to_be_32(0xC0000201u);
    struct rte_tcp_hdr *tcp = (struct rte_tcp_hdr *)(ip + 1);
    memset(tcp, 0, sizeof(*tcp));
    tcp->src_port = rte_cpu_to_be_16(1024 + flow);
    tcp->dst_port = rte_cpu_to_be_16(flow % 4 == 3 ? 22 : 80);
    tcp->sent_seq = rte_cpu_to_be_32(1);
    tcp->recv_ack = rte_cpu_to_be_32(1);
    tcp->data_off = 5 << 4;
    tcp->tcp_flags = RTE_TCP_ACK_FLAG;
    tcp->rx_win = rte_cpu_to_be_16(65535);
    memset(tcp + 1, 0xAB, 10);
    ip->hdr_checksum = rte_ipv4_cksum(ip);
    tcp->cksum = rte_ipv4_udptcp_cksum(ip, tcp);
}

/* Writes a frame into every mbuf of the pool (mbuf i carries flow i % FLOW_COUNT). */
static unsigned fill_pool(struct rte_mempool *pool)
{
    unsigned total = rte_mempool_avail_count(pool), n = 0;
    struct rte_mbuf **all = malloc(sizeof(*all) * total);
    struct rte_mbuf *m;
    while (n < total && (m = rte_pktmbuf_alloc(pool)) != NULL) {
        uint8_t *p = (uint8_t *)rte_pktmbuf_append(m, 64);
        write_frame(p, n % FLOW_COUNT, (uint16_t)(n + 1));
        all[n++] = m;
    }
    for (unsigned i = 0; i < n; i++) rte_pktmbuf_free(all[i]);
    free(all);
    return n;
}

void bench_init(struct bench *b, int argc, char **argv)
{
    int used = rte_eal_init(argc, argv);
    if (used < 0) die("rte_eal_init", rte_errno);
    argc -= used;
    argv += used;
    if (argc > 1 && strcmp(argv[1], "--") == 0) { argc--; argv++; }
    if (argc < 2) {
        fprintf(stderr, "usage: %s EAL-ARGS -- CASE [SECONDS [WARMUP]]\n", argv[0]);
        exit(2);
    }
    b->name = argv[1];
    b->seconds = argc > 2 ? atof(argv[2]) : 5;
    b->warmup = argc > 3 ? atof(argv[3]) : 0.5;
    b->pool = rte_pktmbuf_pool_create("bench", 8191, 256, 0, 2048 + RTE_PKTMBUF_HEADROOM, (int)rte_socket_id());
    if (b->pool == NULL) die("rte_pktmbuf_pool_create", rte_errno);
    b->rx = port_named("net_null0");
    b->tx = port_named("net_null1");
    b->filled = fill_pool(b->pool);
    start_port(b->rx, b->pool);
    start_port(b->tx, b->pool);
}

void bench_finish(struct bench *b, const struct result *r, const char *detail)
{
    rte_eth_dev_stop(b->rx);
    rte_eth_dev_stop(b->tx);
    rte_eth_dev_close(b->rx);
    rte_eth_dev_close(b->tx);
    rte_eal_cleanup();
    printf("case=%s impl=c mpps=%.3f rx=%llu tx=%llu seconds=%.3f detail=pool=%u%s%s\n", b->name,
           (double)r->rx / (double)r->ns * 1e3, (unsigned long long)r->rx, (unsigned long long)r->tx,
           (double)r->ns / 1e9, b->filled, detail ? " " : "", detail ? detail : "");
}

uint64_t bench_now_ns(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t bench_rx_packets(uint16_t port)
{
    struct rte_eth_stats s;
    rte_eth_stats_get(port, &s);
    return s.ipackets;
}

uint64_t bench_tx_packets(uint16_t port)
{
    struct rte_eth_stats s;
    rte_eth_stats_get(port, &s);
    return s.opackets;
}
