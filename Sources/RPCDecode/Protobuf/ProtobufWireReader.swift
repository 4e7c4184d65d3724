/// Reads protobuf wire records (encoding guide: varints, tags, fixed values, length-delimited
/// values, groups) from a byte range; shared by the fast-path scanner and the full decoder.
struct ProtobufWireReader {
    let bytes: UnsafeRawBufferPointer
    var index: Int
    let end: Int

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>) {
        self.bytes = bytes
        index = range.lowerBound
        end = range.upperBound
    }

    var isAtEnd: Bool { index >= end }

    @inline(__always)
    mutating func varint() throws(PayloadDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        let start = index
        while index < end {
            let b = bytes[index]
            index += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            if shift >= 70 { break }
        }
        throw PayloadDecodingError(offset: start, reason: index >= end ? "varint runs past the end" : "varint longer than 10 bytes")
    }

    /// A tag: field number (1 … 2^29-1) and wire type (0, 1, 2, 3, 4, 5).
    @inline(__always)
    mutating func tag() throws(PayloadDecodingError) -> (number: Int32, wireType: UInt8) {
        let start = index
        let key = try varint()
        let number = key >> 3
        let wireType = UInt8(key & 7)
        guard number >= 1, number <= 0x1FFF_FFFF, wireType <= 5, wireType != 6 else {
            throw PayloadDecodingError(offset: start, reason: "invalid tag \(key) (field \(number), wire type \(wireType))")
        }
        return (Int32(number), wireType)
    }

    @inline(__always)
    mutating func fixed32() throws(PayloadDecodingError) -> UInt32 {
        guard end - index >= 4 else { throw PayloadDecodingError(offset: index, reason: "fixed32 runs past the end") }
        var v: UInt32 = 0
        for i in 0..<4 { v |= UInt32(bytes[index + i]) << (8 * UInt32(i)) }
        index += 4
        return v
    }

    @inline(__always)
    mutating func fixed64() throws(PayloadDecodingError) -> UInt64 {
        guard end - index >= 8 else { throw PayloadDecodingError(offset: index, reason: "fixed64 runs past the end") }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[index + i]) << (8 * UInt64(i)) }
        index += 8
        return v
    }

    @inline(__always)
    mutating func lengthDelimited() throws(PayloadDecodingError) -> Range<Int> {
        let start = index
        let length = try varint()
        guard length <= UInt64(end - index) else {
            throw PayloadDecodingError(offset: start, reason: "length \(length) runs past the end")
        }
        let range = index..<(index + Int(length))
        index = range.upperBound
        return range
    }

    /// Reads one value of `wireType` (a group: up to its matching end-group tag, whose range is
    /// returned without the end tag).
    mutating func value(wireType: UInt8, number: Int32, depth: Int, maxDepth: Int) throws(PayloadDecodingError) -> ProtobufWireValue {
        switch wireType {
        case 0: return .varint(try varint())
        case 1: return .fixed64(try fixed64())
        case 5: return .fixed32(try fixed32())
        case 2: return .lengthDelimited(try lengthDelimited())
        case 3:
            guard depth < maxDepth else { throw PayloadDecodingError(offset: index, reason: "groups nested deeper than \(maxDepth)") }
            let start = index
            while true {
                guard !isAtEnd else { throw PayloadDecodingError(offset: start, reason: "group \(number) has no end") }
                let before = index
                let tag = try tag()
                if tag.wireType == 4 {
                    guard tag.number == number else {
                        throw PayloadDecodingError(offset: before, reason: "end of group \(tag.number) inside group \(number)")
                    }
                    return .lengthDelimited(start..<before)
                }
                _ = try value(wireType: tag.wireType, number: tag.number, depth: depth + 1, maxDepth: maxDepth)
            }
        default:
            throw PayloadDecodingError(offset: index, reason: "end of group \(number) without a start")
        }
    }
}
