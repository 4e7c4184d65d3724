/// What `ucheck verify` reports for one invariant.
public struct Verdict: Sendable, Codable {
    public var invariant: String
    public var status: VerdictStatus
    /// Why the status is unknown (timeout, solver reason), or a note on a violation.
    public var reason: String?
    public var counterexample: Counterexample?
    /// For proved invariants: true if it still holds when local state is invisible (the switch's
    /// stateless checks enforce it exactly), false if enforcement is approximate, nil if undecided.
    public var exact: Bool?
    /// Services at whose port every event of the invariant passes (locally monitorable there).
    public var monitorableAt: [String]
    public var seconds: Double
}
