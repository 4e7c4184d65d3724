/// A 48-bit Ethernet address, stored in its low 48 bits in wire order (first byte highest).
@frozen
public struct MACAddress: Hashable, Sendable, CustomStringConvertible, BitwiseCopyable {
    public let raw: UInt64

    @inlinable public init(raw: UInt64) { self.raw = raw & 0xFFFF_FFFF_FFFF }

    public init(_ bytes: [UInt8]) {
        precondition(bytes.count == 6)
        self.init(raw: bytes.reduce(0) { $0 << 8 | UInt64($1) })
    }

    /// Parses "aa:bb:cc:dd:ee:ff".
    public init?(_ text: String) {
        let parts = text.split(separator: ":")
        guard parts.count == 6 else { return nil }
        var raw: UInt64 = 0
        for p in parts {
            guard p.count == 2, let b = UInt8(p, radix: 16) else { return nil }
            raw = raw << 8 | UInt64(b)
        }
        self.init(raw: raw)
    }

    /// Reads the 6 bytes at `p`.
    @inlinable
    public init(at p: UnsafeRawPointer) {
        let hi = UInt64(UInt16(bigEndian: p.loadUnaligned(as: UInt16.self)))
        let lo = UInt64(UInt32(bigEndian: p.loadUnaligned(fromByteOffset: 2, as: UInt32.self)))
        self.init(raw: hi << 32 | lo)
    }

    /// Writes the 6 bytes at `p`.
    @inlinable
    public func store(at p: UnsafeMutableRawPointer) {
        p.storeBytes(of: UInt16(truncatingIfNeeded: raw >> 32).bigEndian, as: UInt16.self)
        p.storeBytes(of: UInt32(truncatingIfNeeded: raw).bigEndian, toByteOffset: 2, as: UInt32.self)
    }

    @inlinable public static var broadcast: MACAddress { MACAddress(raw: 0xFFFF_FFFF_FFFF) }
    /// Group (multicast or broadcast) addresses have the low bit of the first byte set.
    @inlinable public var isGroup: Bool { raw & 0x0100_0000_0000 != 0 }

    public var description: String {
        (0..<6).map { i in
            let b = UInt8(truncatingIfNeeded: raw >> UInt64(40 - 8 * i))
            return (b < 16 ? "0" : "") + String(b, radix: 16)
        }.joined(separator: ":")
    }
}
