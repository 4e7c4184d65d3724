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
