/// A stream that cannot be decoded: what was wrong and where.
///
/// After throwing one, a decoder stays failed for that connection (it can no longer be followed:
/// an HPACK table may be out of sync); the enforcer's outcome is fail-closed (reset + log).
public struct DecodeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var wire: RPCProtocol
    public var direction: Direction
    /// The stream offset of the byte at which the problem was found (the start of the offending
    /// frame or message where the problem is its declared size).
    public var offset: UInt64
    public var reason: Reason

    /// What was wrong.
    public enum Reason: Sendable, Hashable {
        /// Bytes that break the protocol's grammar.
        case malformed(String)
        /// A named limit on untrusted input was exceeded.
        case limitExceeded(DecodeLimit, value: Int)
        /// Bytes were fed at an offset other than the next expected one.
        case discontiguous(expected: UInt64)
        /// The stream ended inside a message.
        case truncated
        /// A compressed gRPC message did not decompress.
        case compression(String)
    }

    public init(wire: RPCProtocol, direction: Direction, offset: UInt64, reason: Reason) {
        self.wire = wire
        self.direction = direction
        self.offset = offset
        self.reason = reason
    }

    public var description: String {
        let side = direction == .clientToServer ? "client→server" : "server→client"
        switch reason {
        case .malformed(let what): return "\(wire) \(side) offset \(offset): malformed: \(what)"
        case .limitExceeded(let limit, let value):
            return "\(wire) \(side) offset \(offset): \(limit.rawValue) exceeded (\(value)): \(limit.reason)"
        case .discontiguous(let expected):
            return "\(wire) \(side) offset \(offset): bytes fed out of order (expected offset \(expected))"
        case .truncated: return "\(wire) \(side) offset \(offset): stream ended inside a message"
        case .compression(let what): return "\(wire) \(side) offset \(offset): decompression failed: \(what)"
        }
    }
}
