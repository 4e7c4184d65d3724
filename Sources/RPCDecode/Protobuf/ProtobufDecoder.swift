/// The full view of a protobuf payload: every field decoded with its schema name, for logs and
/// the debugger (allocates; not for the per-packet path, which uses `ProtobufScanner`).
///
/// Fields come out in order of first appearance. Repeated fields (packed or not) become one
/// `.list`, maps one `.map`; for singular fields the last occurrence wins, and setting a member of
/// a `oneof` clears the others. Fields the schema does not know are kept as `.unknown`.
public struct ProtobufDecoder: Sendable {
    public let schema: ProtobufSchema
    public var maxDepth: Int

    public init(schema: ProtobufSchema, maxDepth: Int = DecodeLimits.defaultMaxNestingDepth) {
        self.schema = schema
        self.maxDepth = maxDepth
    }

    /// Decodes `payload` as the message type at index `type` of the schema.
    public func decode(_ payload: UnsafeRawBufferPointer, as type: Int) throws(PayloadDecodingError) -> [DecodedField] {
        try message(payload, 0..<payload.count, type: type, depth: 0)
    }

    private func message(_ payload: UnsafeRawBufferPointer, _ range: Range<Int>, type: Int,
                         depth: Int) throws(PayloadDecodingError) -> [DecodedField] {
        guard depth < maxDepth else { throw PayloadDecodingError(offset: range.lowerBound, reason: "messages nested deeper than \(maxDepth)") }
        let messageType = schema.messages[type]
        var reader = ProtobufWireReader(payload, range: range)
        var out: [DecodedField] = []
        while !reader.isAtEnd {
            let tag = try reader.tag()
            let value = try reader.value(wireType: tag.wireType, number: tag.number, depth: depth, maxDepth: maxDepth)
            guard let field = messageType.field(number: tag.number) else {
                out.append(DecodedField(name: "", number: Int(tag.number), value: unknown(tag.wireType, value, payload)))
                continue
            }
            if field.isRepeated, field.type.isPackable, case .lengthDelimited(let packed) = value {
                var elements = ProtobufWireReader(payload, range: packed)
                var values: [FieldValue] = []
                while !elements.isAtEnd {
                    let element = try elements.value(wireType: field.type.wireType, number: tag.number, depth: depth, maxDepth: maxDepth)
                    values.append(try scalar(element, field, payload, depth: depth))
                }
                append(values, to: field, in: &out)
                continue
            }
            guard tag.wireType == field.type.wireType else {
                // As the reference implementations do, a value of the wrong wire type is an unknown field.
                out.append(DecodedField(name: "", number: Int(tag.number), value: unknown(tag.wireType, value, payload)))
                continue
            }
            if field.isMap, case .lengthDelimited(let entryRange) = value, let entryType = field.messageType {
                let entry = try message(payload, entryRange, type: entryType, depth: depth + 1)
                let key = entry.last { $0.number == 1 }?.value ?? defaultValue(schema.messages[entryType].field(number: 1))
                let mapValue = entry.last { $0.number == 2 }?.value ?? defaultValue(schema.messages[entryType].field(number: 2))
                if let i = out.firstIndex(where: { $0.number == Int(field.number) && !$0.name.isEmpty }),
                   case .map(var entries) = out[i].value {
                    entries.append(MapEntry(key: key, value: mapValue))
                    out[i].value = .map(entries)
                } else {
                    out.append(DecodedField(name: field.name, number: Int(field.number), value: .map([MapEntry(key: key, value: mapValue)])))
                }
                continue
            }
            let decoded = try scalar(value, field, payload, depth: depth)
            if field.isRepeated {
                append([decoded], to: field, in: &out)
            } else {
                if let oneof = field.oneof {
                    out.removeAll { other in
                        other.number != Int(field.number) && messageType.field(number: Int32(other.number))?.oneof == oneof && !other.name.isEmpty
                    }
                }
                if let i = out.firstIndex(where: { $0.number == Int(field.number) && !$0.name.isEmpty }) {
                    out[i].value = decoded
                } else {
                    out.append(DecodedField(name: field.name, number: Int(field.number), value: decoded))
                }
            }
        }
        return out
    }

    private func append(_ values: [FieldValue], to field: ProtobufField, in out: inout [DecodedField]) {
        if let i = out.firstIndex(where: { $0.number == Int(field.number) && !$0.name.isEmpty }), case .list(let existing) = out[i].value {
            out[i].value = .list(existing + values)
        } else {
            out.append(DecodedField(name: field.name, number: Int(field.number), value: .list(values)))
        }
    }

    private func scalar(_ value: ProtobufWireValue, _ field: ProtobufField, _ payload: UnsafeRawBufferPointer,
                        depth: Int) throws(PayloadDecodingError) -> FieldValue {
        switch field.type {
        case .double, .float:
            return .double(value.floatingPoint ?? 0)
        case .bool:
            if case .varint(let v) = value { return .bool(v != 0) }
        case .uint32, .uint64, .fixed32, .fixed64:
            if let v = value.unsignedInteger(as: field.type) { return .uint(v) }
        case .int32, .int64, .sint32, .sint64, .sfixed32, .sfixed64:
            if let v = value.signedInteger(as: field.type) { return .int(v) }
        case .enumeration:
            if let v = value.signedInteger(as: .enumeration) {
                let number = Int32(truncatingIfNeeded: v)
                return .enumeration(name: field.enumType.flatMap { schema.enums[$0].names[number] }, number: number)
            }
        case .string:
            if let bytes = value.bytes(in: payload) { return .string(String(decoding: bytes, as: UTF8.self)) }
        case .bytes:
            if let bytes = value.bytes(in: payload) { return .bytes(Array(bytes)) }
        case .message, .group:
            if case .lengthDelimited(let range) = value, let type = field.messageType {
                return .message(try message(payload, range, type: type, depth: depth + 1))
            }
        }
        throw PayloadDecodingError(offset: 0, reason: "field \(field.name): wire value \(value) does not fit type \(field.type)")
    }

    private func unknown(_ wireType: UInt8, _ value: ProtobufWireValue, _ payload: UnsafeRawBufferPointer) -> FieldValue {
        switch value {
        case .varint(let v):
            var raw: [UInt8] = []
            var rest = v
            repeat {
                raw.append(UInt8(rest & 0x7F) | (rest > 0x7F ? 0x80 : 0))
                rest >>= 7
            } while rest != 0
            return .unknown(wireType: wireType, raw: raw)
        case .fixed64(let v): return .unknown(wireType: wireType, raw: (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) })
        case .fixed32(let v): return .unknown(wireType: wireType, raw: (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) })
        case .lengthDelimited(let range): return .unknown(wireType: wireType, raw: Array(payload[range]))
        }
    }

    /// The value a map entry has when its key or value is omitted (proto3 defaults).
    private func defaultValue(_ field: ProtobufField?) -> FieldValue {
        guard let field else { return .null }
        switch field.type {
        case .double, .float: return .double(0)
        case .bool: return .bool(false)
        case .uint32, .uint64, .fixed32, .fixed64: return .uint(0)
        case .int32, .int64, .sint32, .sint64, .sfixed32, .sfixed64: return .int(0)
        case .enumeration: return .enumeration(name: field.enumType.flatMap { schema.enums[$0].names[0] }, number: 0)
        case .string: return .string("")
        case .bytes: return .bytes([])
        case .message, .group: return .message([])
        }
    }
}
