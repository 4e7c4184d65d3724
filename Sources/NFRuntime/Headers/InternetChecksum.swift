/// The Internet checksum (RFC 1071) and its incremental update (RFC 1624).
public enum InternetChecksum {
    /// One's-complement sum of `bytes` as big-endian 16-bit words, not yet folded.
    @inlinable
    public static func sum(_ bytes: UnsafeRawBufferPointer, initial: UInt32 = 0) -> UInt32 {
        var acc = UInt64(initial)
        var i = 0
        let n = bytes.count
        while i + 8 <= n {
            let w = UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt64.self))
            acc &+= (w >> 32) &+ (w & 0xFFFF_FFFF)
            i += 8
        }
        while i + 2 <= n {
            acc &+= UInt64(UInt16(bigEndian: bytes.loadUnaligned(fromByteOffset: i, as: UInt16.self)))
            i += 2
        }
        if i < n { acc &+= UInt64(bytes[i]) << 8 }
        while acc >> 32 != 0 { acc = (acc & 0xFFFF_FFFF) &+ (acc >> 32) }
        return UInt32(acc)
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
