/// The header of a Thrift message: method name, message type, sequence id; then its struct.
struct ThriftMessageHeader {
    /// TMessageType.
    enum MessageType: UInt8 {
        case call = 1, reply = 2, exception = 3, oneway = 4
    }

    var name: String
    var type: MessageType
    var sequenceID: Int32
    /// Index of the first byte after the header (the arguments or result struct).
    var structStart: Int

    /// Reads a header at `index` in the strict binary or the compact encoding.
    static func read(_ bytes: UnsafeRawBufferPointer, at index: Int, compact: Bool,
                     limits: DecodeLimits) throws(ThriftWireError) -> ThriftMessageHeader {
        let name: Range<Int>
        let rawType: UInt8
        let sequenceID: Int32
        let end: Int
        if compact {
            var reader = ThriftCompactReader(bytes, at: index)
            guard try reader.byte() == Int8(bitPattern: 0x82) else { throw .malformed(at: index, "not a compact protocol message") }
            let versionAndType = UInt8(bitPattern: try reader.byte())
            guard versionAndType & 0x1F == 1 else { throw .malformed(at: index + 1, "compact protocol version \(versionAndType & 0x1F)") }
            rawType = versionAndType >> 5
            sequenceID = Int32(truncatingIfNeeded: try reader.varint())
            name = try reader.binary()
            end = reader.index
        } else {
            var reader = ThriftBinaryReader(bytes, at: index)
            let version = UInt32(bitPattern: try reader.i32())
            guard version & 0xFFFF_0000 == 0x8001_0000 else {
                throw .malformed(at: index, "not a strict binary protocol message (version word 0x\(String(version, radix: 16)))")
            }
            rawType = UInt8(version & 0xFF)
            name = try reader.binary()
            sequenceID = try reader.i32()
            end = reader.index
        }
        guard name.count <= limits.maxLineLength else { throw .limit(at: index, .maxLineLength, name.count) }
        guard let type = MessageType(rawValue: rawType) else { throw .malformed(at: index, "message type \(rawType)") }
        return ThriftMessageHeader(name: String(decoding: UnsafeRawBufferPointer(rebasing: bytes[name]), as: UTF8.self),
                                   type: type, sequenceID: sequenceID, structStart: end)
    }
}
