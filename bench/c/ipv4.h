/*
 * ipv4.h — the checks the Swift runtime's parse(Ethernet.self).parse(IPv4.self) makes, in C:
 * a frame of at least 14 bytes, ethertype IPv4, version 4, 20 <= IHL*4 <= bytes available,
 * IHL*4 <= total length <= bytes available.
 */
#ifndef BENCH_IPV4_H
#define BENCH_IPV4_H

#include <rte_byteorder.h>
#include <rte_ether.h>
#include <rte_ip.h>
#include <rte_mbuf.h>

/* The IPv4 header of an untagged Ethernet frame, or NULL when the frame is not valid IPv4. */
static inline struct rte_ipv4_hdr *ipv4_header(struct rte_mbuf *m)
{
    const uint16_t len = rte_pktmbuf_data_len(m);
    struct rte_ether_hdr *eth = rte_pktmbuf_mtod(m, struct rte_ether_hdr *);
    if (len < sizeof(*eth) + sizeof(struct rte_ipv4_hdr) || eth->ether_type != rte_cpu_to_be_16(RTE_ETHER_TYPE_IPV4))
        return NULL;
    struct rte_ipv4_hdr *ip = (struct rte_ipv4_hdr *)(eth + 1);
    const unsigned available = len - sizeof(*eth);
    const unsigned ihl = (ip->version_ihl & 0x0F) * 4u;
    const unsigned total = rte_be_to_cpu_16(ip->total_length);
    if ((ip->version_ihl >> 4) != 4 || ihl < 20 || ihl > available || total < ihl || total > available) return NULL;
    return ip;
}

/* TCP/UDP ports of a first fragment with room for them: 1 and ports set, else 0. */
static inline int ipv4_ports(struct rte_mbuf *m, const struct rte_ipv4_hdr *ip, uint16_t *sport, uint16_t *dport)
{
    if ((ip->next_proto_id != IPPROTO_TCP && ip->next_proto_id != IPPROTO_UDP) ||
        (rte_be_to_cpu_16(ip->fragment_offset) & 0x1FFF) != 0)
        return 0;
    const unsigned offset = sizeof(struct rte_ether_hdr) + (ip->version_ihl & 0x0F) * 4u;
    if (offset + 4 > rte_pktmbuf_data_len(m)) return 0;
    const uint8_t *p = rte_pktmbuf_mtod_offset(m, const uint8_t *, offset);
    *sport = (uint16_t)(p[0] << 8 | p[1]);
    *dport = (uint16_t)(p[2] << 8 | p[3]);
    return 1;
}

/* RFC 1624 eqn. 3: the checksum after one 16-bit word changes from old to new (host order). */
static inline uint16_t checksum_adjust(uint16_t checksum, uint16_t old, uint16_t new_word)
{
    uint32_t s = (uint16_t)~checksum + (uint32_t)(uint16_t)~old + new_word;
    while (s >> 16) s = (s & 0xFFFF) + (s >> 16);
    return (uint16_t)~s;
}

#endif
