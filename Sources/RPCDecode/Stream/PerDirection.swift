/// A pair of values, one per direction of a connection.
public struct PerDirection<Value> {
    public var clientToServer: Value
    public var serverToClient: Value

    public init(_ clientToServer: Value, _ serverToClient: Value) {
        self.clientToServer = clientToServer
        self.serverToClient = serverToClient
    }

    public init(repeating value: Value) { self.init(value, value) }

    @inlinable
    public subscript(direction: Direction) -> Value {
        get { direction == .clientToServer ? clientToServer : serverToClient }
        _modify {
            if direction == .clientToServer { yield &clientToServer } else { yield &serverToClient }
        }
    }
}
