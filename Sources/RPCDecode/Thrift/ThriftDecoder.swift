import ThriftSchema

/// The full view of a Thrift message's struct (arguments or result) with names from the IDL when
/// loaded, else field ids only (name empty). For logs and the debugger; allocates.
public struct ThriftDecoder: Sendable {
    public var idl: ThriftIDL
    public var limits: DecodeLimits

    public init(idl: ThriftIDL = ThriftIDL(), limits: DecodeLimits = DecodeLimits()) {
        self.idl = idl
        self.limits = limits
    }

    /// The fields of `message` (a Thrift request or response from `ThriftConnectionDecoder`).
    public func fields(of message: MessageRecord) throws -> [DecodedField] {
        let function = idl.functions[message.method]
        let declared = message.kind == .request ? function?.arguments : function?.result
        return try message.payload.withUnsafeBytes { bytes in
            try decode(bytes, compact: message.payloadEncoding == .thriftCompact, fields: declared)
        }
    }

    /// Decodes the struct at the start of `payload`.
    public func decode(_ payload: UnsafeRawBufferPointer, compact: Bool, fields declared: [ThriftIDL.Field]?) throws -> [DecodedField] {
        do throws(ThriftWireError) {
            if compact {
                var reader = ThriftCompactReader(payload, at: 0)
                return try structure(&reader, declared, depth: 0)
            }
            var reader = ThriftBinaryReader(payload, at: 0)
            return try structure(&reader, declared, depth: 0)
        } catch {
            switch error {
            case .incomplete: throw PayloadDecodingError(offset: payload.count, reason: "Thrift struct ends early")
            case .malformed(let at, let what): throw PayloadDecodingError(offset: at, reason: what)
            case .limit(let at, let limit, let value): throw PayloadDecodingError(offset: at, reason: "\(limit.rawValue) exceeded (\(value))")
            }
        }
    }

    private func structure<R: ThriftWireReader>(_ reader: inout R, _ declared: [ThriftIDL.Field]?,
                                                depth: Int) throws(ThriftWireError) -> [DecodedField] {
        guard depth < limits.maxNestingDepth else { throw .limit(at: reader.index, .maxNestingDepth, depth) }
        reader.beginStruct()
        var out: [DecodedField] = []
        while let header = try reader.fieldHeader() {
            let field = declared?.first { $0.id == header.id }
            out.append(DecodedField(name: field?.name ?? "", number: Int(header.id),
                                    value: try value(&reader, header.type, field?.type, depth: depth + 1)))
        }
        return out
    }

    private func value<R: ThriftWireReader>(_ reader: inout R, _ type: ThriftType, _ declared: ThriftIDL.TypeRef?,
                                            depth: Int) throws(ThriftWireError) -> FieldValue {
        guard depth < limits.maxNestingDepth else { throw .limit(at: reader.index, .maxNestingDepth, depth) }
        switch type {
        case .stop: throw .malformed(at: reader.index, "STOP is not a value type")
        case .bool: return .bool(try reader.bool())
        case .byte: return .int(Int64(try reader.byte()))
        case .i16: return .int(Int64(try reader.i16()))
        case .i32:
            let v = try reader.i32()
            if case .enumeration(let name)? = declared { return .enumeration(name: idl.enums[name]?[v], number: v) }
            return .int(Int64(v))
        case .i64: return .int(try reader.i64())
        case .double: return .double(try reader.double())
        case .string:
            let range = try reader.binary()
            let bytes = UnsafeRawBufferPointer(rebasing: reader.bytes[range])
            return String(validating: bytes, as: UTF8.self).map(FieldValue.string) ?? .bytes(Array(bytes))
        case .uuid: return .bytes(Array(reader.bytes[try reader.uuid()]))
        case .structure:
            var fields: [ThriftIDL.Field]?
            if case .structure(let name)? = declared { fields = idl.structs[name] }
            return .message(try structure(&reader, fields, depth: depth))
        case .list, .set:
            let header = try reader.listHeader()
            var element: ThriftIDL.TypeRef?
            if case .list(let e)? = declared { element = e }
            var values: [FieldValue] = []
            for _ in 0..<(try reader.checkCount(header.count, limits: limits)) {
                values.append(try value(&reader, header.element, element, depth: depth + 1))
            }
            return .list(values)
        case .map:
            let header = try reader.mapHeader()
            var keyType: ThriftIDL.TypeRef?, valueType: ThriftIDL.TypeRef?
            if case .map(let k, let v)? = declared { (keyType, valueType) = (k, v) }
            var entries: [MapEntry] = []
            for _ in 0..<(try reader.checkCount(header.count, limits: limits)) {
                let key = try value(&reader, header.key, keyType, depth: depth + 1)
                entries.append(MapEntry(key: key, value: try value(&reader, header.value, valueType, depth: depth + 1)))
            }
            return .map(entries)
        }
    }
}
