/// JSON for log lines and `ucheck decode --json`: a message's fields become a JSON object (name →
/// value; unknown fields under "#number"), bytes become base64, enums their name (else number),
/// maps an array of [key, value] pairs.
extension FieldValue: Encodable {
    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .int(let v): try container.encode(v)
        case .uint(let v): try container.encode(v)
        case .double(let v): try container.encode(v.isFinite ? v : 0)
        case .bool(let v): try container.encode(v)
        case .string(let v): try container.encode(v)
        case .bytes(let v): try container.encode(Base64.encode(v))
        case .enumeration(let name, let number):
            if let name { try container.encode(name) } else { try container.encode(number) }
        case .message(let fields): try container.encode(FieldObject(fields: fields))
        case .list(let values): try container.encode(values)
        case .map(let entries): try container.encode(entries.map { [$0.key, $0.value] })
        case .null: try container.encodeNil()
        case .unknown(_, let raw): try container.encode(Base64.encode(raw))
        }
    }
}
