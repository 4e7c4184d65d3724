/*
 * l2fwd.c — the plain C DPDK forwarder of the namespace benchmarks (bench/lib/datapaths.sh):
 * what port 0 receives leaves on port 1 and the reverse, in bursts of up to 32, frames
 * untouched, on the one lcore EAL gives it. The ports come from the EAL arguments (two
 * --vdev=net_af_packetN,iface=… or net_af_xdp), so it runs over the same PMD as the vswitch
 * and Open vSwitch: the datapath with nothing in it but DPDK's receive and transmit.
 * Prints "forwarding on" once both ports run; SIGTERM or SIGINT stops it, and it prints each
 * port's received and sent packets. Usage: c-l2fwd EAL-ARGS
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "port.h"

#define BURST 32
#define POOL_SIZE 8191

static volatile sig_atomic_t stopping;

static void stop(int signal)
{
    (void)signal;
    stopping = 1;
}

int main(int argc, char **argv)
{
    int rc = rte_eal_init(argc, argv);
    if (rc < 0) die("rte_eal_init", rc);
    if (rte_eth_dev_count_avail() != 2) {
        fprintf(stderr, "c-l2fwd: the EAL arguments must create exactly two ports (--vdev=…)\n");
        return 1;
    }
    struct rte_mempool *pool = rte_pktmbuf_pool_create("l2fwd", POOL_SIZE, 256, 0, RTE_MBUF_DEFAULT_BUF_SIZE,
                                                       (int)rte_socket_id());
    if (pool == NULL) die("rte_pktmbuf_pool_create", -rte_errno);
    uint16_t ports[2], count = 0, port;
    RTE_ETH_FOREACH_DEV(port) ports[count++] = port;
    for (int i = 0; i < 2; i++) {
        start_port(ports[i], pool);
        if ((rc = rte_eth_promiscuous_enable(ports[i])) != 0) die("promiscuous mode", rc);
    }
    signal(SIGTERM, stop);
    signal(SIGINT, stop);
    printf("forwarding on lcore %u\n", rte_lcore_id());
    fflush(stdout);

    struct rte_mbuf *burst[BURST];
    while (!stopping) {
        for (int from = 0; from < 2; from++) {
            uint16_t received = rte_eth_rx_burst(ports[from], 0, burst, BURST);
            if (received == 0) continue;
            uint16_t sent = rte_eth_tx_burst(ports[1 - from], 0, burst, received);
            rte_pktmbuf_free_bulk(burst + sent, received - sent);
        }
    }

    for (int i = 0; i < 2; i++) {
        struct rte_eth_stats stats;
        rte_eth_stats_get(ports[i], &stats);
        printf("port %u: received %lu, sent %lu, sends failed %lu\n", ports[i], stats.ipackets, stats.opackets,
               stats.oerrors);
        rte_eth_dev_stop(ports[i]);
        rte_eth_dev_close(ports[i]);
    }
    rte_eal_cleanup();
    return 0;
}
