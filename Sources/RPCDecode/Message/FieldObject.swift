/// Fields as one JSON object, in order.
public struct FieldObject: Encodable {
    public var fields: [DecodedField]

    public init(fields: [DecodedField]) { self.fields = fields }

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.container(keyedBy: Key.self)
        for field in fields {
            try container.encode(field.value, forKey: Key(stringValue: field.name.isEmpty ? "#\(field.number)" : field.name))
        }
    }
}
