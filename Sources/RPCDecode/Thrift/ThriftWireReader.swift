/// Reads the values of one Thrift protocol from a byte buffer; `ThriftBinaryReader` and
/// `ThriftCompactReader` implement it, and generic code over it (skipping, scanning, full
/// decoding) is specialized per protocol at compile time.
protocol ThriftWireReader {
    init(_ bytes: UnsafeRawBufferPointer, at index: Int)
    var bytes: UnsafeRawBufferPointer { get }
    var index: Int { get }
    /// Called before the first field header of every struct (the compact protocol's field ids are
    /// deltas within one struct).
    mutating func beginStruct()
    /// The next field's type and id, or nil at the struct's STOP.
    mutating func fieldHeader() throws(ThriftWireError) -> (type: ThriftType, id: Int16)?
    /// A bool field's or element's value.
    mutating func bool() throws(ThriftWireError) -> Bool
    mutating func byte() throws(ThriftWireError) -> Int8
    mutating func i16() throws(ThriftWireError) -> Int16
    mutating func i32() throws(ThriftWireError) -> Int32
    mutating func i64() throws(ThriftWireError) -> Int64
    mutating func double() throws(ThriftWireError) -> Double
    /// A string or binary value: its range in `bytes`.
    mutating func binary() throws(ThriftWireError) -> Range<Int>
    mutating func uuid() throws(ThriftWireError) -> Range<Int>
    mutating func listHeader() throws(ThriftWireError) -> (element: ThriftType, count: Int)
    mutating func mapHeader() throws(ThriftWireError) -> (key: ThriftType, value: ThriftType, count: Int)
}

extension ThriftWireReader {
    /// Skips one value of `type` (structs and containers recursively, up to `maxDepth`).
    mutating func skip(_ type: ThriftType, depth: Int, limits: DecodeLimits) throws(ThriftWireError) {
        switch type {
        case .stop: throw .malformed(at: index, "STOP is not a value type")
        case .bool: _ = try bool()
        case .byte: _ = try byte()
        case .i16: _ = try i16()
        case .i32: _ = try i32()
        case .i64: _ = try i64()
        case .double: _ = try double()
        case .string: _ = try binary()
        case .uuid: _ = try uuid()
        case .structure:
            guard depth < limits.maxNestingDepth else { throw .limit(at: index, .maxNestingDepth, depth) }
            beginStruct()
            while let field = try fieldHeader() { try skip(field.type, depth: depth + 1, limits: limits) }
        case .list, .set:
            guard depth < limits.maxNestingDepth else { throw .limit(at: index, .maxNestingDepth, depth) }
            let header = try listHeader()
            for _ in 0..<(try checkCount(header.count, limits: limits)) { try skip(header.element, depth: depth + 1, limits: limits) }
        case .map:
            guard depth < limits.maxNestingDepth else { throw .limit(at: index, .maxNestingDepth, depth) }
            let header = try mapHeader()
            for _ in 0..<(try checkCount(header.count, limits: limits)) {
                try skip(header.key, depth: depth + 1, limits: limits)
                try skip(header.value, depth: depth + 1, limits: limits)
            }
        }
    }

    /// Checks an announced element count against the limit.
    func checkCount(_ count: Int, limits: DecodeLimits) throws(ThriftWireError) -> Int {
        guard count >= 0 else { throw .malformed(at: index, "negative container size \(count)") }
        guard count <= limits.maxElements else { throw .limit(at: index, .maxElements, count) }
        return count
    }
}
