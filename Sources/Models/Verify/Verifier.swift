import Dispatch
import Foundation

/// Push-button verification of every invariant of a checked spec with Z3 (see TransitionSystem
/// for the encoding, SpacerProver for what "proved" covers).
public struct Verifier {
    /// Longest counterexample searched for once Spacer has shown a violation is reachable.
    public static let maxCounterexampleSteps = 16

    public var timeoutSeconds: Double
    /// Verify each invariant on its slice (the default) or on the whole application (the
    /// benchmark's baseline).
    public var slicing: Bool

    public init(timeoutSeconds: Double = 60, slicing: Bool = true) {
        self.timeoutSeconds = timeoutSeconds
        self.slicing = slicing
    }

    /// Verdicts for every invariant, each verified on its slice (`CheckedSpec.slice(for:)`);
    /// counterexamples are executions of that slice.
    public func verify(_ spec: CheckedSpec) -> [Verdict] {
        spec.invariants.map { verify($0, in: spec) }
    }

    public func verify(_ invariant: Invariant, in whole: CheckedSpec) -> Verdict {
        let start = DispatchTime.now()
        var spec = whole.slice(for: invariant)
        if !slicing { spec.rules = whole.rules; spec.states = whole.states }
        let layout = MessageLayout(spec)
        let ports = invariant.monitoringPort.map { [$0] } ?? []
        var verdict = Verdict(invariant: invariant.name, status: .unknown, reason: nil, counterexample: nil, exact: nil,
                              monitorableAt: ports, seconds: 0)
        // First the rely-guarantee abstraction (cheap, sound for proofs), then the whole slice.
        let abstraction = slicing ? whole.localAbstraction(for: invariant) : nil
        var provedLocally = false
        if let abstraction {
            var ignored = false
            let local = withTimeout(&ignored) { z3 in
                SpacerProver.decide(TransitionSystem(z3, spec: abstraction, layout: MessageLayout(abstraction), invariant: invariant,
                                                     stateless: false))
            }
            if case .unreachable = local { provedLocally = true }
        }
        var timedOut = false
        let full: SpacerProver.Outcome = provedLocally ? .unreachable : withTimeout(&timedOut) { z3 in
            SpacerProver.decide(TransitionSystem(z3, spec: spec, layout: layout, invariant: invariant, stateless: false))
        }
        switch full {
        case .unreachable:
            verdict.status = .proved
            var statelessTimedOut = false
            var stateless: SpacerProver.Outcome = .reachable
            if let abstraction, provedLocally {
                var ignored = false
                stateless = withTimeout(&ignored) { z3 in
                    SpacerProver.decide(TransitionSystem(z3, spec: abstraction, layout: MessageLayout(abstraction), invariant: invariant,
                                                         stateless: true))
                }
            }
            if case .unreachable = stateless {} else {
                stateless = withTimeout(&statelessTimedOut) { z3 in
                    SpacerProver.decide(TransitionSystem(z3, spec: spec, layout: layout, invariant: invariant, stateless: true))
                }
            }
            switch stateless {
            case .unreachable: verdict.exact = true
            case .reachable: verdict.exact = false
            case .unknown(let why): verdict.reason = "exactness undecided: " + (statelessTimedOut ? "timeout" : why)
            }
        case .reachable:
            verdict.status = .violated
            var searchTimedOut = false
            let search = withTimeout(&searchTimedOut) { z3 in
                BoundedSearch.search(TransitionSystem(z3, spec: spec, layout: layout, invariant: invariant, stateless: false),
                                     maxSteps: Verifier.maxCounterexampleSteps)
            }
            switch search {
            case .found(let counterexample): verdict.counterexample = counterexample
            case .notWithin(let steps): verdict.reason = "violation reachable, but no counterexample within \(steps) steps"
            case .unknown(let why): verdict.reason = "violation reachable; counterexample search: " + (searchTimedOut ? "timeout" : why)
            }
        case .unknown(let why):
            verdict.reason = timedOut ? "timeout after \(timeoutSeconds) s (--timeout)" : why
        }
        verdict.seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        return verdict
    }

    /// Runs `body` on a fresh Z3 context, interrupting Z3 after the timeout; `timedOut` tells
    /// whether the deadline passed while it ran.
    private func withTimeout<T>(_ timedOut: inout Bool, _ body: (Z3Context) -> T) -> T {
        let z3 = Z3Context()
        let deadline = DispatchTime.now() + timeoutSeconds
        let timer = DispatchWorkItem { z3.interrupt() }
        DispatchQueue.global().asyncAfter(deadline: deadline, execute: timer)
        defer { timer.cancel() }
        let result = body(z3)
        timedOut = DispatchTime.now() >= deadline
        return result
    }
}
