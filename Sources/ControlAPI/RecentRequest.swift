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
