/*
 * port.h — what the C benchmarks (harness.c, l2fwd.c) share to bring DPDK up: starting a port
 * with one receive and one transmit queue, and leaving with a message when a DPDK call fails.
 */
#ifndef BENCH_PORT_H
#define BENCH_PORT_H

#include <stdint.h>
#include <rte_mempool.h>

/* Prints "c-bench: WHAT failed: <DPDK's message for rc> (rc)" and exits with status 1. */
void die(const char *what, int rc);
/* Configures `port` with one receive queue filled from `pool` and one transmit queue, 1024
 * descriptors each (or what the device adjusts them to), and starts it; dies on failure. */
void start_port(uint16_t port, struct rte_mempool *pool);

#endif
