import Glibc

/// Heap allocations made by this process so far, read from `bench/malloc-count` when it is
/// preloaded (`LD_PRELOAD=…/malloc_count.so`, as bench/run-reassembly.sh does); nil when it is not.
struct AllocationCounter {
    private let read: @convention(c) () -> UInt64

    init?() {
        // RTLD_DEFAULT: search the global scope, where a preloaded library's symbols are.
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "ucheck_malloc_count") else { return nil }
        read = unsafeBitCast(symbol, to: (@convention(c) () -> UInt64).self)
    }

    var allocations: UInt64 { read() }
}
