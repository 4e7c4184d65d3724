/// Whether a message is a call (request) or its answer (response).
public enum MessageKind: String, Sendable, Hashable, Codable {
    case request, response
}
