import Models

/// One request line of the control API; `op` says which members are set (docs/control-api.md).
public struct ControlRequest: Sendable, Codable {
    public enum Op: String, Sendable, Codable {
        case hello, `break`, delete, breakpoints, `continue`, step, unstep, drop, requests, trace, ping
    }

    public var id: Int
    public var op: Op
    /// `hello`
    public var version: Int?
    public var token: String?
    public var client: String?
    /// `break`
    public var breakpoint: BreakpointDefinition?
    /// `delete` (nil: all of the session's)
    public var number: Int?
    /// `continue`, `step`, `drop`
    public var stop: Int?
    /// `step`, `unstep`, `trace`
    public var trace: String?

    public init(id: Int, op: Op, version: Int? = nil, token: String? = nil, client: String? = nil,
                breakpoint: BreakpointDefinition? = nil, number: Int? = nil, stop: Int? = nil, trace: String? = nil) {
        self.id = id
        self.op = op
        self.version = version
        self.token = token
        self.client = client
        self.breakpoint = breakpoint
        self.number = number
        self.stop = stop
        self.trace = trace
    }
}

/// A breakpoint (`hold`) or watchpoint (`notify`) as a client sets it on a switch.
public struct BreakpointDefinition: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Codable { case hold, notify }

    /// Chosen by the client, the same on every switch of its session.
    public var number: Int
    /// The pattern as the user wrote it.
    public var text: String
    public var action: Action
    /// Deleted at its first hit (`tbreak`).
    public var temporary: Bool
    public var app: String
    public var pattern: MessagePattern
    /// Hits so far (in `breakpoints` replies).
    public var hits: Int?

    public init(number: Int, text: String, action: Action, temporary: Bool, app: String, pattern: MessagePattern, hits: Int? = nil) {
        self.number = number
        self.text = text
        self.action = action
        self.temporary = temporary
        self.app = app
        self.pattern = pattern
        self.hits = hits
    }
}
