/// A W3C trace id (the request id of the debugger and the violation log) as 16 bytes, so that the
/// packet path can read, compare and hash it without allocating. Its text is 32 lowercase hex
/// digits.
public struct TraceID: Hashable, Sendable, CustomStringConvertible {
    public var high: UInt64
    public var low: UInt64

    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The id written as 32 lowercase hex digits, not all zero; nil for any other text.
    public init?(hex text: String) {
        var text = text
        guard text.utf8.count == 32, let id = text.withUTF8({ TraceID.parse(UnsafeRawBufferPointer($0), at: 0) }) else { return nil }
        self = id
    }

    /// The trace id of a valid `traceparent` value (W3C Trace Context §3.2:
    /// `version-traceid-parentid-flags`, lowercase hex, version not `ff`, ids not all zero; a
    /// future version may append fields after a `-`); nil when the value is not valid.
    public init?<Bytes: Collection>(traceparent: Bytes) where Bytes.Element == UInt8 {
        let parsed = traceparent.withContiguousStorageIfAvailable { TraceID.parse(traceparent: UnsafeRawBufferPointer($0)) }
            ?? Array(traceparent).withUnsafeBytes { TraceID.parse(traceparent: $0) }
        guard let parsed else { return nil }
        self = parsed
    }

    public var description: String {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8](repeating: 0, count: 32)
        for (half, value) in [high, low].enumerated() {
            for i in 0..<16 { text[half * 16 + i] = digits[Int((value >> (60 - 4 * UInt64(i))) & 0xF)] }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private static func parse(traceparent text: UnsafeRawBufferPointer) -> TraceID? {
        guard text.count >= 55, text[2] == 0x2D, text[35] == 0x2D, text[52] == 0x2D,
              text.count == 55 || text[55] == 0x2D,
              let version = hexByte(text, 0), version != 0xFF, version != 0 || text.count == 55,
              let parent = hex16(text, 36), parent != 0,
              hexByte(text, 53) != nil else { return nil }
        return parse(text, at: 3)
    }

    /// The 32 hex digits at `start` (`text` has them), when they are not all zero.
    private static func parse(_ text: UnsafeRawBufferPointer, at start: Int) -> TraceID? {
        guard let high = hex16(text, start), let low = hex16(text, start + 16), high != 0 || low != 0 else { return nil }
        return TraceID(high: high, low: low)
    }

    /// The value of the 16 lowercase hex digits at `offset`.
    private static func hex16(_ text: UnsafeRawBufferPointer, _ offset: Int) -> UInt64? {
        guard let high = hex8(text, offset), let low = hex8(text, offset + 8) else { return nil }
        return UInt64(high) << 32 | UInt64(low)
    }

    /// The value of the 8 lowercase hex digits at `offset`, all tested and converted at once in
    /// one 64-bit word.
    private static func hex8(_ text: UnsafeRawBufferPointer, _ offset: Int) -> UInt32? {
        let ones: UInt64 = 0x0101_0101_0101_0101, high: UInt64 = 0x8080_8080_8080_8080
        let x = UInt64(bigEndian: text.loadUnaligned(fromByteOffset: offset, as: UInt64.self)) // the first digit on top
        /// Per byte (each below 0x80): the top bit set when the byte is at least `n`.
        func atLeast(_ n: UInt64) -> UInt64 { (x &+ (0x80 &- n) &* ones) & high }
        let letter = atLeast(0x61) & ~atLeast(0x67)
        guard x & high == 0, (atLeast(0x30) & ~atLeast(0x3A)) | letter == high else { return nil }
        var v = (x & 0x0F0F_0F0F_0F0F_0F0F) &+ (letter >> 7) &* 9 // each byte its digit's value
        v = (v >> 4 | v) & 0x00FF_00FF_00FF_00FF // pairs of digits
        v = (v >> 8 | v) & 0x0000_FFFF_0000_FFFF
        v = (v >> 16 | v) & 0xFFFF_FFFF
        return UInt32(truncatingIfNeeded: v)
    }

    /// The value of the 2 lowercase hex digits at `offset`.
    private static func hexByte(_ text: UnsafeRawBufferPointer, _ offset: Int) -> UInt8? {
        func digit(_ c: UInt8) -> UInt8? {
            c &- 0x30 < 10 ? c &- 0x30 : c &- 0x61 < 6 ? c &- 0x61 &+ 10 : nil
        }
        guard let high = digit(text[offset]), let low = digit(text[offset + 1]) else { return nil }
        return high << 4 | low
    }
}
