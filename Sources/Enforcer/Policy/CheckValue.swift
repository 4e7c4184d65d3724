import Models
import RPCDecode

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

    /// The value of a Redis argument of type `type`: integers in decimal, booleans as `true` /
    /// `false` (like text fields); nil when the bytes are not a value of that type.
    init?(bytes: UnsafeRawBufferPointer, as type: ValueType) {
        switch type {
        case .int:
            guard let n = RESPScanner.integer(bytes) else { return nil }
            self = .int(Int64(n))
        case .bool:
            if bytes.elementsEqual("true".utf8) { self = .bool(true) }
            else if bytes.elementsEqual("false".utf8) { self = .bool(false) }
            else { return nil }
        case .string, .sort:
            self = .bytes(Array(bytes))
        }
    }

    /// The value of a Redis reply of type `type`: text as bytes (or parsed as an integer or boolean
    /// argument would be), integers, RESP3 booleans (integer replies 0 and 1 as booleans too); a
    /// null reply has no value.
    init?(reply: RESPScalar, as type: ValueType) {
        switch (reply, type) {
        case (.text(let bytes), _): self.init(bytes: bytes, as: type)
        case (.integer(let n), .int): self = .int(Int64(n))
        case (.integer(let n), .bool) where n == 0 || n == 1: self = .bool(n == 1)
        case (.integer(let n), .string), (.integer(let n), .sort): self = .bytes(Array(String(n).utf8))
        case (.boolean(let b), .bool): self = .bool(b)
        default: return nil
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

extension Optional where Wrapped == CheckValue {
    /// Makes this `.bytes` of `bytes`, copied into the storage of the bytes it holds when nothing
    /// else shares that storage: a field buffer reused from message to message allocates nothing
    /// for its strings once they have grown.
    mutating func setBytes(_ bytes: UnsafeRawBufferPointer) {
        guard case .bytes(var storage)? = self else {
            self = .bytes(Array(bytes))
            return
        }
        self = nil // `storage` now holds the only reference, so it is changed in place
        storage.replaceSubrange(storage.indices, with: bytes)
        self = .bytes(storage)
    }
}
