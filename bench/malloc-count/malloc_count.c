// Counts heap allocations of the process it is preloaded into (LD_PRELOAD), for rpc-bench's
// allocations-per-message figure. Not linked into anything; bench/rpc-decode.sh builds it.
#define _GNU_SOURCE
#include <stddef.h>
#include <stdatomic.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static _Atomic unsigned long allocations;

void *malloc(size_t n) { allocations++; return __libc_malloc(n); }
void *calloc(size_t a, size_t b) { allocations++; return __libc_calloc(a, b); }
void *realloc(void *p, size_t n) { allocations++; return __libc_realloc(p, n); }
void *aligned_alloc(size_t a, size_t n) { allocations++; return __libc_memalign(a, n); }
int posix_memalign(void **p, size_t a, size_t n) {
    allocations++;
    *p = __libc_memalign(a, n);
    return *p ? 0 : 12;
}
unsigned long ucheck_malloc_count(void) { return allocations; }
