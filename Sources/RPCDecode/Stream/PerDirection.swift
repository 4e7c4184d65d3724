/// A pair of values, one per direction of a connection.
struct PerDirection<Value> {
    var clientToServer: Value
    var serverToClient: Value

    init(_ clientToServer: Value, _ serverToClient: Value) {
        self.clientToServer = clientToServer
        self.serverToClient = serverToClient
    }

    init(repeating value: Value) { self.init(value, value) }

    @inline(__always)
    subscript(direction: Direction) -> Value {
        get { direction == .clientToServer ? clientToServer : serverToClient }
        _modify {
            if direction == .clientToServer { yield &clientToServer } else { yield &serverToClient }
        }
    }
}
