/// The full view of a RESP value (logs, the debugger): strings, numbers, aggregates. Bulk strings
/// that are UTF-8 become `.string`, others `.bytes`; RESP3 attributes are dropped.
public enum RESPDecoder {
    /// Decodes the complete RESP value in `payload` (as framed by a Redis decoder).
    public static func decode(_ payload: UnsafeRawBufferPointer) -> FieldValue {
        var index = 0
        return value(payload, &index)
    }

    /// Command arguments as positional fields ("0" is the command name).
    public static func arguments(_ payload: UnsafeRawBufferPointer) -> [DecodedField] {
        (0..<RESPScanner.argumentCount(in: payload)).map { i in
            DecodedField(name: String(i), number: i, value: text(RESPScanner.argument(i, in: payload)!))
        }
    }

    private static func text(_ bytes: UnsafeRawBufferPointer) -> FieldValue {
        String(validating: bytes, as: UTF8.self).map(FieldValue.string) ?? .bytes(Array(bytes))
    }

    private static func line(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> UnsafeRawBufferPointer {
        let start = index
        while index + 1 < bytes.count, !(bytes[index] == 0x0D && bytes[index + 1] == 0x0A) { index += 1 }
        let result = UnsafeRawBufferPointer(rebasing: bytes[start..<min(index, bytes.count)])
        index += 2
        return result
    }

    private static func value(_ bytes: UnsafeRawBufferPointer, _ index: inout Int) -> FieldValue {
        guard index < bytes.count else { return .null }
        let type = bytes[index]
        index += 1
        let head = line(bytes, &index)
        let headText = String(decoding: head, as: UTF8.self)
        switch type {
        case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "("): return .string(headText)
        case UInt8(ascii: ":"): return Int64(headText).map(FieldValue.int) ?? .string(headText)
        case UInt8(ascii: ","): return Double(headText).map(FieldValue.double) ?? .string(headText)
        case UInt8(ascii: "#"): return .bool(headText == "t")
        case UInt8(ascii: "_"): return .null
        case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
            guard let length = Int(headText), length >= 0, bytes.count - index >= length else { return .null }
            var body = UnsafeRawBufferPointer(rebasing: bytes[index..<(index + length)])
            index += length + 2
            // A verbatim string starts with its 3-letter format and a colon.
            if type == UInt8(ascii: "="), body.count >= 4 { body = UnsafeRawBufferPointer(rebasing: body[4...]) }
            return text(body)
        case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"):
            guard let count = Int(headText), count >= 0 else { return .null }
            return .list((0..<count).map { _ in value(bytes, &index) })
        case UInt8(ascii: "%"):
            guard let count = Int(headText), count >= 0 else { return .null }
            return .map((0..<count).map { _ in MapEntry(key: value(bytes, &index), value: value(bytes, &index)) })
        case UInt8(ascii: "|"):
            if let count = Int(headText), count > 0 { for _ in 0..<(2 * count) { _ = value(bytes, &index) } }
            return value(bytes, &index)
        default:
            return .null
        }
    }
}
