/// Reads the Thrift binary protocol: big-endian fixed-width integers, 4-byte lengths.
struct ThriftBinaryReader: ThriftWireReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var index: Int

    init(_ bytes: UnsafeRawBufferPointer, at index: Int) {
        self.bytes = bytes
        self.index = index
    }

    @inline(__always)
    private mutating func take(_ n: Int) throws(ThriftWireError) -> Int {
        guard bytes.count - index >= n else { throw .incomplete(needing: index + n) }
        defer { index += n }
        return index
    }

    @inline(__always)
    private mutating func bigEndian(_ n: Int) throws(ThriftWireError) -> UInt64 {
        let start = try take(n)
        var v: UInt64 = 0
        for i in 0..<n { v = v << 8 | UInt64(bytes[start + i]) }
        return v
    }

    private mutating func type() throws(ThriftWireError) -> ThriftType {
        let at = index
        let raw = UInt8(try bigEndian(1))
        guard let type = ThriftType(rawValue: raw) else { throw .malformed(at: at, "unknown Thrift type \(raw)") }
        return type
    }

    mutating func beginStruct() {}

    mutating func fieldHeader() throws(ThriftWireError) -> (type: ThriftType, id: Int16)? {
        let type = try type()
        if type == .stop { return nil }
        return (type, try i16())
    }

    mutating func bool() throws(ThriftWireError) -> Bool { try bigEndian(1) != 0 }
    mutating func byte() throws(ThriftWireError) -> Int8 { Int8(truncatingIfNeeded: try bigEndian(1)) }
    mutating func i16() throws(ThriftWireError) -> Int16 { Int16(truncatingIfNeeded: try bigEndian(2)) }
    mutating func i32() throws(ThriftWireError) -> Int32 { Int32(truncatingIfNeeded: try bigEndian(4)) }
    mutating func i64() throws(ThriftWireError) -> Int64 { Int64(bitPattern: try bigEndian(8)) }
    mutating func double() throws(ThriftWireError) -> Double { Double(bitPattern: try bigEndian(8)) }

    mutating func binary() throws(ThriftWireError) -> Range<Int> {
        let at = index
        let length = Int(try i32())
        guard length >= 0 else { throw .malformed(at: at, "negative string length \(length)") }
        let start = try take(length)
        return start..<(start + length)
    }

    mutating func uuid() throws(ThriftWireError) -> Range<Int> {
        let start = try take(16)
        return start..<(start + 16)
    }

    mutating func listHeader() throws(ThriftWireError) -> (element: ThriftType, count: Int) {
        let element = try type()
        return (element, Int(try i32()))
    }

    mutating func mapHeader() throws(ThriftWireError) -> (key: ThriftType, value: ThriftType, count: Int) {
        let key = try type()
        let value = try type()
        return (key, value, Int(try i32()))
    }
}
