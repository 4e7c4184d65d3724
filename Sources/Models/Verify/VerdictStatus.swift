/// The outcome of verifying one invariant.
public enum VerdictStatus: String, Sendable, Codable {
    case proved, violated, unknown
}
