/// The fast path for Thrift: the value at a path of field ids (`[2, 1]` = field 1 of the struct
/// in field 2) in a message's struct, without decoding anything else and without allocating.
public enum ThriftScanner {
    /// One scalar found by the scanner; strings and binaries are ranges of the payload.
    public enum Value: Sendable, Hashable {
        case bool(Bool)
        case integer(Int64)
        case double(Double)
        case bytes(Range<Int>)
        /// A struct or container: its range (scan it with a longer path).
        case aggregate(Range<Int>)
    }

    /// The value at `path` in the struct at the start of `payload`, nil if absent.
    public static func value(at path: [Int16], in payload: UnsafeRawBufferPointer, compact: Bool,
                             limits: DecodeLimits = DecodeLimits()) -> Value? {
        if compact {
            var reader = ThriftCompactReader(payload, at: 0)
            return try? find(path[...], &reader, limits)
        }
        var reader = ThriftBinaryReader(payload, at: 0)
        return try? find(path[...], &reader, limits)
    }

    private static func find<R: ThriftWireReader>(_ path: ArraySlice<Int16>, _ reader: inout R,
                                                  _ limits: DecodeLimits) throws(ThriftWireError) -> Value? {
        guard let wanted = path.first else { return nil }
        reader.beginStruct()
        var found: Value?
        while let header = try reader.fieldHeader() {
            guard header.id == wanted, found == nil else {
                try reader.skip(header.type, depth: 1, limits: limits)
                continue
            }
            if path.count > 1 {
                guard header.type == .structure else {
                    try reader.skip(header.type, depth: 1, limits: limits)
                    continue
                }
                found = try find(path.dropFirst(), &reader, limits)
                continue
            }
            let start = reader.index
            switch header.type {
            case .bool: found = .bool(try reader.bool())
            case .byte: found = .integer(Int64(try reader.byte()))
            case .i16: found = .integer(Int64(try reader.i16()))
            case .i32: found = .integer(Int64(try reader.i32()))
            case .i64: found = .integer(try reader.i64())
            case .double: found = .double(try reader.double())
            case .string: found = .bytes(try reader.binary())
            default:
                try reader.skip(header.type, depth: 1, limits: limits)
                found = .aggregate(start..<reader.index)
            }
        }
        return found
    }
}
