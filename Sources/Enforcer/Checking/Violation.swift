/// One reason the enforcer did not allow a message (or a connection), as logged.
public struct Violation: Sendable, Hashable, Codable {
    /// Which check failed.
    public enum Kind: String, Sendable, Codable {
        /// A restriction from a `never` invariant matched.
        case restriction
        /// A parametric monitor's forbidden event came without its recorded precondition.
        case monitor
        /// The receiving service has no rule that receives this message, or its predicate fails.
        case implausibleReceive = "implausible-receive"
        /// The sending service has no rule that sends this message, or its predicate fails.
        case implausibleSend = "implausible-send"
        /// The serving service has no such method or route.
        case unknownMessage = "unknown-message"
        /// The bytes on an enforced port are not a valid message stream of its protocol.
        case undecodable
        /// A connection to an application address on a port no service declares (`default_policy: refuse`).
        case undeclaredPort = "undeclared-port"
        /// A connection the switch picked up mid-stream, whose messages it cannot decode.
        case unverifiableStream = "unverifiable-stream"
        /// A debugger dropped the held message and reset its connection (`ucdbg`'s `drop`).
        case debuggerDrop = "debugger-drop"
    }

    public var kind: Kind
    /// The invariant, for restrictions and monitors.
    public var invariant: String?
    public var detail: String

    public init(_ kind: Kind, invariant: String? = nil, _ detail: String) {
        self.kind = kind
        self.invariant = invariant
        self.detail = detail
    }
}
