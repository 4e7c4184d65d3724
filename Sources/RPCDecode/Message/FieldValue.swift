/// A decoded field value, for the full (logging and debugger) view of a message.
public indirect enum FieldValue: Sendable, Hashable {
    case int(Int64)
    case uint(UInt64)
    case double(Double)
    case bool(Bool)
    case string(String)
    case bytes([UInt8])
    /// An enum value: its name from the schema when known, and its number.
    case enumeration(name: String?, number: Int32)
    /// A nested message or struct.
    case message([DecodedField])
    /// A repeated field (packed or not), Thrift list/set, RESP array.
    case list([FieldValue])
    /// A protobuf map or Thrift map, in wire order.
    case map([MapEntry])
    /// RESP null, JSON null.
    case null
    /// A field the schema does not know, kept with its wire type and raw bytes (protobuf unknown
    /// fields: varint/fixed values as their little-endian bytes, length-delimited as the payload).
    case unknown(wireType: UInt8, raw: [UInt8])
}
