/// The type of a schema field: a scalar the models can compare, or a nested message.
public enum SchemaFieldType: Sendable, Hashable {
    case scalar(ValueType)
    case message(String)
}
