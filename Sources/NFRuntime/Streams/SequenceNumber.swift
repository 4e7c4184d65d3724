/// TCP sequence-number arithmetic modulo 2^32 (RFC 9293 §3.4): `a` is before `b` when the
/// distance from `a` forward to `b` is less than 2^31.
public enum SequenceNumber {
    /// `b - a` as a signed distance.
    @inlinable public static func distance(from a: UInt32, to b: UInt32) -> Int32 { Int32(bitPattern: b &- a) }
    @inlinable public static func before(_ a: UInt32, _ b: UInt32) -> Bool { distance(from: b, to: a) < 0 }
    @inlinable public static func after(_ a: UInt32, _ b: UInt32) -> Bool { distance(from: b, to: a) > 0 }
    @inlinable public static func min(_ a: UInt32, _ b: UInt32) -> UInt32 { before(a, b) ? a : b }
    @inlinable public static func max(_ a: UInt32, _ b: UInt32) -> UInt32 { after(a, b) ? a : b }
}
