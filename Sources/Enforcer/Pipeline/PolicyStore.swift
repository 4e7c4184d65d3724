import Synchronization

/// The current `EnforcementSnapshot`, replaced atomically by a reload while traffic flows: each
/// core's enforcer checks the generation once per stream chunk (one atomic load) and picks up a
/// new snapshot between messages; connections keep their decoders and pending calls.
public final class PolicyStore: Sendable {
    private let current: Mutex<EnforcementSnapshot>
    private let counter = Atomic<Int>(0)

    public init(_ snapshot: EnforcementSnapshot) {
        current = Mutex(snapshot)
    }

    /// Bumped by every `replace`.
    public var generation: Int { counter.load(ordering: .acquiring) }

    public var snapshot: EnforcementSnapshot { current.withLock { $0 } }

    public func replace(with snapshot: EnforcementSnapshot) {
        current.withLock { $0 = snapshot }
        counter.add(1, ordering: .releasing)
    }
}
