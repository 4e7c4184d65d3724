/// A payload (protobuf, Thrift struct, JSON body) whose full decode failed: what was wrong and at
/// which byte of the payload.
public struct PayloadDecodingError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Index in the payload where the problem was found.
    public var offset: Int
    public var reason: String

    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }

    public var description: String { "payload byte \(offset): \(reason)" }
}
