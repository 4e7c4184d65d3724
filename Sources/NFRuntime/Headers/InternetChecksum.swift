/// The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
public enum InternetChecksum {
    /// One's-complement sum of `bytes` as big-endian 16-bit words plus `initial`, not yet
    /// complemented (at most 17 bits above `initial`'s).
    ///
    /// The sum does not depend on byte order (RFC 1071 §2(B)), so it adds native 32-bit words
    /// into a 64-bit accumulator — no carries to propagate per word, no byte swap per word, a
    /// loop the compiler vectorises — and folds and swaps the result once. The packet path
    /// verifies every TCP segment with it (`bench/run-reassembly.sh` measures it in `window`).
    @inlinable
    public static func sum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        guard let base = bytes.baseAddress else { return initial }
        let n = bytes.count
        let words = n &>> 2
        var acc: UInt64 = 0
        // 2^32 words of at most 2^32 − 1 each cannot overflow 64 bits; frames are far shorter.
        for k in 0..<words { acc &+= UInt64(base.loadUnaligned(fromByteOffset: k &<< 2, as: UInt32.self)) }
        let done = words &<< 2
        if done < n {
            // The last 1…3 bytes, zero-padded in place (their offset is even, so words keep their halves).
            var tail: UInt32 = 0
            withUnsafeMutableBytes(of: &tail) { $0.baseAddress!.copyMemory(from: base + done, byteCount: n &- done) }
            acc &+= UInt64(tail)
        }
        acc = (acc & 0xFFFF_FFFF) &+ (acc >> 32)
        acc = (acc & 0xFFFF_FFFF) &+ (acc >> 32)
        var folded = UInt32(truncatingIfNeeded: acc)
        folded = (folded & 0xFFFF) &+ (folded >> 16)
        folded = (folded & 0xFFFF) &+ (folded >> 16)
        #if _endian(little)
        return initial &+ UInt32(UInt16(truncatingIfNeeded: folded).byteSwapped)
        #else
        return initial &+ folded
        #endif
    }

    /// Folds a sum to 16 bits and complements it: the value to store in a checksum field.
    @inlinable
    public static func finish(_ sum: UInt32) -> UInt16 {
        var s = sum
        while s >> 16 != 0 { s = (s & 0xFFFF) &+ (s >> 16) }
        return ~UInt16(s)
    }

    /// The checksum after one 16-bit word changed from `old` to `new` (RFC 1624 eqn. 3).
    @inlinable
    public static func adjust(_ checksum: UInt16, old: UInt16, new: UInt16) -> UInt16 {
        finish(UInt32(~checksum) &+ UInt32(~old) &+ UInt32(new))
    }
}

/// TCP/UDP checksums over the IPv4 or IPv6 pseudo-header.
public enum TransportChecksum {
    /// The checksum field value for `length` transport bytes at `transport` (field zeroed first).
    @inlinable
    public static func compute<N: NetworkLayerHeader>(network: N, transport: UnsafeMutableRawPointer, length: Int) -> UInt16 {
        InternetChecksum.finish(InternetChecksum.sum(UnsafeRawBufferPointer(start: transport, count: length),
                                                     initial: network.pseudoHeaderSum(transportLength: length)))
    }

    /// Whether the transport bytes verify against their checksum field.
    @inlinable
    public static func verify<N: NetworkLayerHeader>(network: N, transport: UnsafeMutableRawPointer, length: Int) -> Bool {
        compute(network: network, transport: transport, length: length) == 0
    }
}
