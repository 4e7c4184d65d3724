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
