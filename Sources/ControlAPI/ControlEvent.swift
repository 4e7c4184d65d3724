/// One event line: a held (`stop`) or watched (`watch`) message, a release, or a stepped
/// request answered (`finished`).
public struct ControlEvent: Sendable, Codable {
    public enum Kind: String, Sendable, Codable { case stop, watch, released, finished }

    public var event: Kind
    /// `stop`, `watch`
    public var message: MessageEvent?
    /// `released`
    public var stop: Int?
    /// `released`: continue, step, drop, timeout, closed
    public var how: String?
    /// `finished`
    public var trace: String?

    public init(event: Kind, message: MessageEvent? = nil, stop: Int? = nil, how: String? = nil, trace: String? = nil) {
        self.event = event
        self.message = message
        self.stop = stop
        self.how = how
        self.trace = trace
    }
}
