// core-clock [SECONDS]: the clock of the core it runs on, in GHz, measured, for machines whose
// cycle counter is not readable (this VM exposes no hardware performance counters, and its TSC
// ticks at the nominal rate whatever the core does). A chain of dependent 64-bit register adds
// retires one add per cycle on x86-64 cores (latency 1), so adds per nanosecond is the clock.
// Prints the fastest of ten rounds that last SECONDS / 10 each (default 1 s in all).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

// 32 dependent adds per iteration: the chain, not the loop's own counter, sets the pace.
static uint64_t chain(uint64_t iterations) {
    uint64_t x = 0;
    for (uint64_t i = 0; i < iterations; i++) {
        __asm__ volatile(
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\t"
            "add $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0\n\tadd $1, %0"
            : "+r"(x));
    }
    return x;
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 1.0;
    if (seconds <= 0) {
        fprintf(stderr, "usage: core-clock [SECONDS]\n");
        return 2;
    }
    // Size a round from a short calibration run.
    uint64_t iterations = 1 << 16;
    double start = now();
    chain(iterations);
    double elapsed = now() - start;
    iterations = (uint64_t)(iterations * (seconds / 10) / (elapsed > 0 ? elapsed : 1e-6));
    if (iterations == 0) iterations = 1;
    double best = 0;
    for (int round = 0; round < 10; round++) {
        start = now();
        uint64_t adds = chain(iterations);
        double ghz = adds / ((now() - start) * 1e9);
        if (ghz > best) best = ghz;
    }
    printf("%.3f\n", best);
    return 0;
}
