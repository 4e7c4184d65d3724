/// Reads the Thrift compact protocol (THRIFT-110): zigzag varints, field-id deltas, bools folded
/// into field headers, little-endian doubles.
struct ThriftCompactReader: ThriftWireReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var index: Int
    /// The last field id of each open struct (ids are sent as deltas from it).
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []
    /// A bool field's value, carried in its header's type nibble.
    private var pendingBool: Bool?

    init(_ bytes: UnsafeRawBufferPointer, at index: Int) {
        self.bytes = bytes
        self.index = index
    }

    private mutating func byteValue() throws(ThriftWireError) -> UInt8 {
        guard index < bytes.count else { throw .incomplete(needing: index + 1) }
        defer { index += 1 }
        return bytes[index]
    }

    mutating func varint() throws(ThriftWireError) -> UInt64 {
        let start = index
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try byteValue()
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 70 else { throw .malformed(at: start, "varint longer than 10 bytes") }
        }
    }

    private func zigzag(_ v: UInt64) -> Int64 { Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1))) }

    private func type(_ nibble: UInt8, at: Int) throws(ThriftWireError) -> ThriftType {
        switch nibble {
        case 0: return .stop
        case 1, 2: return .bool
        case 3: return .byte
        case 4: return .i16
        case 5: return .i32
        case 6: return .i64
        case 7: return .double
        case 8: return .string
        case 9: return .list
        case 10: return .set
        case 11: return .map
        case 12: return .structure
        case 13: return .uuid
        default: throw .malformed(at: at, "unknown compact type \(nibble)")
        }
    }

    /// Entering and leaving structs: field-id deltas are per struct.
    mutating func beginStruct() {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func fieldHeader() throws(ThriftWireError) -> (type: ThriftType, id: Int16)? {
        let at = index
        let header = try byteValue()
        let type = try type(header & 0x0F, at: at)
        if type == .stop {
            lastFieldID = enclosingFieldIDs.popLast() ?? 0
            return nil
        }
        let delta = Int16(header >> 4)
        let id: Int16
        if delta == 0 {
            id = Int16(truncatingIfNeeded: zigzag(try varint()))
        } else {
            id = lastFieldID &+ delta
        }
        lastFieldID = id
        if type == .bool { pendingBool = header & 0x0F == 1 }
        return (type, id)
    }

    mutating func bool() throws(ThriftWireError) -> Bool {
        if let value = pendingBool {
            pendingBool = nil
            return value
        }
        return try byteValue() == 1
    }

    mutating func byte() throws(ThriftWireError) -> Int8 { Int8(bitPattern: try byteValue()) }
    mutating func i16() throws(ThriftWireError) -> Int16 { Int16(truncatingIfNeeded: zigzag(try varint())) }
    mutating func i32() throws(ThriftWireError) -> Int32 { Int32(truncatingIfNeeded: zigzag(try varint())) }
    mutating func i64() throws(ThriftWireError) -> Int64 { zigzag(try varint()) }

    mutating func double() throws(ThriftWireError) -> Double {
        guard bytes.count - index >= 8 else { throw .incomplete(needing: index + 8) }
        var v: UInt64 = 0
        for i in 0..<8 { v |= UInt64(bytes[index + i]) << (8 * UInt64(i)) }
        index += 8
        return Double(bitPattern: v)
    }

    mutating func binary() throws(ThriftWireError) -> Range<Int> {
        let at = index
        let length = try varint()
        guard length <= UInt64(Int32.max) else { throw .malformed(at: at, "string length \(length)") }
        guard UInt64(bytes.count - index) >= length else { throw .incomplete(needing: index + Int(length)) }
        let start = index
        index += Int(length)
        return start..<index
    }

    mutating func uuid() throws(ThriftWireError) -> Range<Int> {
        guard bytes.count - index >= 16 else { throw .incomplete(needing: index + 16) }
        index += 16
        return (index - 16)..<index
    }

    mutating func listHeader() throws(ThriftWireError) -> (element: ThriftType, count: Int) {
        let at = index
        let header = try byteValue()
        var count = Int(header >> 4)
        if count == 15 {
            let big = try varint()
            guard big <= UInt64(Int32.max) else { throw .malformed(at: at, "list size \(big)") }
            count = Int(big)
        }
        return (try type(header & 0x0F, at: at), count)
    }

    mutating func mapHeader() throws(ThriftWireError) -> (key: ThriftType, value: ThriftType, count: Int) {
        let at = index
        let size = try varint()
        guard size <= UInt64(Int32.max) else { throw .malformed(at: at, "map size \(size)") }
        guard size > 0 else { return (.stop, .stop, 0) }
        let types = try byteValue()
        return (try type(types >> 4, at: at), try type(types & 0x0F, at: at), Int(size))
    }
}
