/// The fast path: finds the value of one compiled field path in a protobuf payload by walking the
/// wire format, without decoding anything else and without allocating.
///
/// Protobuf semantics are kept: for a singular field the last occurrence wins, and repeated
/// occurrences of an enclosing message merge (so the last value found across all of them wins).
/// A packed repeated leaf yields its last element. Use `forEach` for every value of a repeated leaf.
public enum ProtobufScanner {
    /// The value at `path` in `payload`, or nil if absent.
    public static func value(at path: ProtobufFieldPath, in payload: UnsafeRawBufferPointer,
                             maxDepth: Int = DecodeLimits.defaultMaxNestingDepth) throws(PayloadDecodingError) -> ProtobufWireValue? {
        var found: ProtobufWireValue?
        try walk(path, payload, 0..<payload.count, level: 0, maxDepth: maxDepth) { found = $0 }
        return found
    }

    /// Calls `body` with every value at `path` in wire order (packed elements one by one).
    public static func forEach(at path: ProtobufFieldPath, in payload: UnsafeRawBufferPointer,
                               maxDepth: Int = DecodeLimits.defaultMaxNestingDepth,
                               _ body: (ProtobufWireValue) -> Void) throws(PayloadDecodingError) {
        try walk(path, payload, 0..<payload.count, level: 0, maxDepth: maxDepth, body)
    }

    private static func walk(_ path: ProtobufFieldPath, _ payload: UnsafeRawBufferPointer, _ range: Range<Int>,
                             level: Int, maxDepth: Int, _ body: (ProtobufWireValue) -> Void) throws(PayloadDecodingError) {
        guard level < maxDepth else { throw PayloadDecodingError(offset: range.lowerBound, reason: "nested deeper than \(maxDepth)") }
        var reader = ProtobufWireReader(payload, range: range)
        let wanted = path.numbers[level]
        let isLeaf = level == path.numbers.count - 1
        while !reader.isAtEnd {
            let tag = try reader.tag()
            let value = try reader.value(wireType: tag.wireType, number: tag.number, depth: level, maxDepth: maxDepth)
            guard tag.number == wanted else { continue }
            if !isLeaf {
                if case .lengthDelimited(let inner) = value {
                    try walk(path, payload, inner, level: level + 1, maxDepth: maxDepth, body)
                }
            } else if case .lengthDelimited(let packed) = value, path.leaf.type.isPackable {
                var elements = ProtobufWireReader(payload, range: packed)
                while !elements.isAtEnd {
                    body(try elements.value(wireType: path.leaf.type.wireType, number: tag.number, depth: level, maxDepth: maxDepth))
                }
            } else {
                body(value)
            }
        }
    }
}
