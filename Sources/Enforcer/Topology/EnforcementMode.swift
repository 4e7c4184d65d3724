/// What the enforcer does with a message no model allows: drop it and reset its connection
/// (`enforce`, the default), or only log it and let it pass (`monitor`).
public enum EnforcementMode: String, Sendable, Codable {
    case enforce, monitor
}
