/// Messages of one type from one caller: the unit the network keeps (a request from `caller` to
/// `message.service`, or the response to such a request going back to `caller`).
public struct Channel: Sendable, Hashable, Codable {
    public var caller: String
    public var message: MessageID
}
