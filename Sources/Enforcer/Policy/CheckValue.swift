import Models

/// A field value as the enforcer's checks compare it: integers (ints, enums), booleans, and
/// byte strings (strings, and sort values such as users or keys, which compare by equality).
public enum CheckValue: Hashable, Sendable, CustomStringConvertible {
    case int(Int64)
    case bool(Bool)
    case bytes([UInt8])

    /// The value of a text field of type `type` (HTTP forms, query parameters, path segments,
    /// headers); nil when the text is not a value of that type.
    init?<Text: StringProtocol>(text: Text, as type: ValueType) {
        switch type {
        case .int:
            guard let n = Int64(text) else { return nil }
            self = .int(n)
        case .bool:
            guard text == "true" || text == "false" else { return nil }
            self = .bool(text == "true")
        case .string, .sort:
            self = .bytes(Array(text.utf8))
        }
    }

    /// What protobuf decodes for an absent proto3 scalar of this type.
    static func protobufDefault(_ type: ValueType) -> CheckValue {
        switch type {
        case .int: return .int(0)
        case .bool: return .bool(false)
        case .string, .sort: return .bytes([])
        }
    }

    public var description: String {
        switch self {
        case .int(let n): return String(n)
        case .bool(let b): return String(b)
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        }
    }
}
