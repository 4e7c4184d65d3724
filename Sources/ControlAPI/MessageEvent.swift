/// A message a breakpoint, watchpoint or step caught, fully decoded.
public struct MessageEvent: Sendable, Hashable, Codable {
    /// One end of its connection.
    public struct Party: Sendable, Hashable, Codable {
        public var service: String
        public var address: String
        public var port: UInt16
        public init(service: String, address: String, port: UInt16) {
            self.service = service
            self.address = address
            self.port = port
        }
    }

    /// The switch's id of the hold (nil for watchpoints).
    public var stop: Int?
    /// The session whose breakpoint or step holds it (nil for watchpoints): only that session
    /// may continue, step or drop it.
    public var session: Int?
    /// `breakpoint` or `step`
    public var reason: String
    public var breakpoint: Int?
    public var time: String
    public var app: String
    public var from: Party
    public var to: Party
    public var `protocol`: String
    /// The spec's name: RPC method, HTTP route or Redis command.
    public var method: String
    public var kind: String
    public var stream: UInt64
    public var trace: String?
    public var fields: [String: JSONValue]
    public var headers: [[String]]
    public var status: Int?

    public init(stop: Int?, reason: String, breakpoint: Int?, time: String, app: String, from: Party, to: Party, protocol: String,
                method: String, kind: String, stream: UInt64, trace: String?, fields: [String: JSONValue], headers: [[String]],
                status: Int?) {
        self.stop = stop
        self.session = nil
        self.reason = reason
        self.breakpoint = breakpoint
        self.time = time
        self.app = app
        self.from = from
        self.to = to
        self.protocol = `protocol`
        self.method = method
        self.kind = kind
        self.stream = stream
        self.trace = trace
        self.fields = fields
        self.headers = headers
        self.status = status
    }
}
