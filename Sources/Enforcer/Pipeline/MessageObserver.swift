import RPCDecode

/// Collects the verdict of every message the enforcer checks, for `ucheck replay` and tests (the
/// switch itself runs without one: it logs only violations and counts the rest).
public final class MessageObserver {
    /// One checked message.
    public struct Event: Sendable {
        /// Capture time of the packet that completed it (set by the driver through `now`).
        public var time: Double
        public var app: String
        /// Sender and receiver service names (`client` for callers outside the application).
        public var sender: String
        public var receiver: String
        /// The spec's method name (RPC or route), nil when the spec has none for it.
        public var method: String?
        public var message: MessageRecord?
        /// `allowed`, `blocked` or `logged` (a violation in monitor mode).
        public var verdict: String
        public var violations: [Violation]
    }

    public private(set) var events: [Event] = []
    /// The time stamped on the events recorded next.
    public var now: Double = 0

    public init() {}

    /// Returns the events since the last call.
    public func take() -> [Event] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    func record(app: String, sender: String, receiver: String, method: String?, message: MessageRecord?, verdict: String, violations: [Violation]) {
        events.append(Event(time: now, app: app, sender: sender, receiver: receiver, method: method,
                            message: message, verdict: verdict, violations: violations))
    }
}
