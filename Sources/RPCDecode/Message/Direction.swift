/// One direction of a connection: from the client (the side that opened it) or from the server.
public enum Direction: Int, Sendable, Hashable, Codable {
    case clientToServer = 0
    case serverToClient = 1

    /// The other direction.
    @inlinable public var reversed: Direction { self == .clientToServer ? .serverToClient : .clientToServer }
}
