/// The type of a value the models compare: integers, booleans, strings, and declared sorts
/// (opaque identities such as User or Key; only `==`/`!=` and membership apply to them).
public enum ValueType: Sendable, Hashable, Codable, CustomStringConvertible {
    case int, bool, string
    case sort(String)

    public var description: String {
        switch self {
        case .int: return "int"
        case .bool: return "bool"
        case .string: return "string"
        case .sort(let name): return name
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        switch text {
        case "int": self = .int
        case "bool": self = .bool
        case "string": self = .string
        default:
            guard text.hasPrefix("sort:") else {
                throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "unknown type \(text)"))
            }
            self = .sort(String(text.dropFirst(5)))
        }
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .sort(let name): try container.encode("sort:" + name)
        default: try container.encode(description)
        }
    }
}
