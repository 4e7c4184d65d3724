import ThriftSchema

/// The schemas a user gave (protobuf descriptor sets, Thrift IDL) and the full decode of a kept
/// message's fields with them: protobuf for gRPC, Thrift structs, Redis arguments and replies,
/// form and JSON bodies. For logs, `ucheck decode` and the debugger.
public struct SchemaRegistry: Sendable {
    public var protobuf: [ProtobufSchema] = []
    public var thrift = ThriftIDL()
    public var limits = DecodeLimits()

    public init() {}

    /// The fields of `record`'s payload; empty when no schema knows its type (the raw payload
    /// stays in the record).
    public func decodeFields(_ record: MessageRecord) throws -> [DecodedField] {
        switch record.payloadEncoding {
        case .protobuf:
            for schema in protobuf {
                guard let method = schema.method(service: record.service, name: record.method) else { continue }
                let type = record.direction == .clientToServer ? method.inputType : method.outputType
                return try record.payload.withUnsafeBytes { bytes in
                    try ProtobufDecoder(schema: schema, maxDepth: limits.maxNestingDepth).decode(bytes, as: type)
                }
            }
            return []
        case .thriftBinary, .thriftCompact:
            return try ThriftDecoder(idl: thrift, limits: limits).fields(of: record)
        case .resp:
            return record.payload.withUnsafeBytes { bytes in
                record.kind == .request ? RESPDecoder.arguments(bytes) : [DecodedField(name: "reply", number: 0, value: RESPDecoder.decode(bytes))]
            }
        case .json, .form:
            return try record.payload.withUnsafeBytes { try HTTPBodyFields.decode($0, as: record.payloadEncoding, maxDepth: limits.maxNestingDepth) }
        case .opaque:
            return []
        }
    }
}
