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
