/* port.c — port start-up and the fatal-error exit of the C benchmarks (port.h). */
#include "port.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rte_errno.h>
#include <rte_ethdev.h>

void die(const char *what, int rc)
{
    fprintf(stderr, "c-bench: %s failed: %s (%d)\n", what, rte_strerror(rc < 0 ? -rc : rc), rc);
    exit(1);
}

void start_port(uint16_t port, struct rte_mempool *pool)
{
    struct rte_eth_conf conf;
    memset(&conf, 0, sizeof(conf));
    int rc = rte_eth_dev_configure(port, 1, 1, &conf);
    if (rc != 0) die("rte_eth_dev_configure", rc);
    uint16_t nrx = 1024, ntx = 1024;
    if ((rc = rte_eth_dev_adjust_nb_rx_tx_desc(port, &nrx, &ntx)) != 0) die("adjust descriptors", rc);
    int socket = rte_eth_dev_socket_id(port);
    if (socket < 0) socket = 0;
    if ((rc = rte_eth_rx_queue_setup(port, 0, nrx, socket, NULL, pool)) != 0) die("rx queue setup", rc);
    if ((rc = rte_eth_tx_queue_setup(port, 0, ntx, socket, NULL)) != 0) die("tx queue setup", rc);
    if ((rc = rte_eth_dev_start(port)) != 0) die("rte_eth_dev_start", rc);
}
