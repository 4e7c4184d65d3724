/// The reply to one request (`id` is the request's); `ok` false carries `error`.
public struct ControlReply: Sendable, Codable {
    public var id: Int
    public var ok: Bool
    public var error: String?
    /// `hello`, and a refused `hello`'s `versions`
    public var `switch`: String?
    public var pid: Int?
    public var session: Int?
    public var sessionTimeout: Double?
    public var apps: [ApplicationCatalog]?
    public var versions: [Int]?
    /// `delete`
    public var deleted: [Int]?
    /// `breakpoints`
    public var breakpoints: [BreakpointDefinition]?
    /// `continue`, `step`
    public var released: [Int]?
    /// `requests`
    public var stops: [MessageEvent]?
    public var stepping: [String]?
    public var recent: [RecentRequest]?
    /// `trace`
    public var messages: [TraceRecord]?

    enum CodingKeys: String, CodingKey {
        case id, ok, error, `switch`, pid, session, sessionTimeout = "session_timeout", apps, versions, deleted, breakpoints,
             released, stops, stepping, recent, messages
    }

    public init(id: Int, ok: Bool = true, error: String? = nil) {
        self.id = id
        self.ok = ok
        self.error = error
    }

    public static func failure(_ id: Int, _ error: String) -> ControlReply { ControlReply(id: id, ok: false, error: error) }
}

/// What a switch enforces, for completion and `info` in clients without the spec source.
public struct ApplicationCatalog: Sendable, Hashable, Codable {
    public struct Service: Sendable, Hashable, Codable {
        public var name: String
        public var `protocol`: String
        public var address: String
        public var methods: [String]
        public init(name: String, protocol: String, address: String, methods: [String]) {
            self.name = name
            self.protocol = `protocol`
            self.address = address
            self.methods = methods
        }
    }

    public var name: String
    public var mode: String
    public var services: [Service]
    public init(name: String, mode: String, services: [Service]) {
        self.name = name
        self.mode = mode
        self.services = services
    }
}

/// A request a switch has seen messages of lately.
public struct RecentRequest: Sendable, Hashable, Codable {
    public var trace: String
    public var messages: Int
    /// Time of its latest message (RFC 3339).
    public var last: String
    public init(trace: String, messages: Int, last: String) {
        self.trace = trace
        self.messages = messages
        self.last = last
    }
}

/// One message of a request as a switch recorded it, for backtraces.
public struct TraceRecord: Sendable, Hashable, Codable {
    public var time: String
    public var app: String
    public var from: String
    public var to: String
    public var method: String
    public var kind: String
    /// `allowed`, `held`, `blocked`, `logged`, `watched`
    public var verdict: String
    public init(time: String, app: String, from: String, to: String, method: String, kind: String, verdict: String) {
        self.time = time
        self.app = app
        self.from = from
        self.to = to
        self.method = method
        self.kind = kind
        self.verdict = verdict
    }
}
