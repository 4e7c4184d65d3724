/// The identity of a message as the switch sees it: the serving service, the method (RPC name or
/// route name) and the kind.
public struct MessageID: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public var service: String
    public var method: String
    public var kind: MessageKind

    public init(service: String, method: String, kind: MessageKind) {
        self.service = service
        self.method = method
        self.kind = kind
    }

    public var description: String { "\(service).\(method) \(kind.rawValue)" }

    public static func < (a: MessageID, b: MessageID) -> Bool { a.description < b.description }
}
