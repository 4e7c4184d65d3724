import Foundation

/// Human-readable rendering of verdicts for `ucheck verify`.
public enum VerdictReport {
    public static func text(_ verdict: Verdict, spec: CheckedSpec) -> String {
        var lines = ["\(verdict.invariant): \(verdict.status.rawValue.uppercased())  (\(String(format: "%.2f", verdict.seconds)) s)"]
        if verdict.status == .proved {
            switch verdict.exact {
            case true?: lines.append("  enforced exactly: holds under the switch's stateless checks")
            case false?: lines.append("  enforced approximately: relies on local state the switch cannot see")
            case nil: lines.append("  exactness unknown")
            }
        }
        lines.append(verdict.monitorableAt.isEmpty
                     ? "  not locally monitorable: its events happen at different services"
                     : "  locally monitorable at \(verdict.monitorableAt.joined(separator: ", "))")
        if let reason = verdict.reason { lines.append("  reason: \(reason)") }
        if let counterexample = verdict.counterexample {
            lines.append("  counterexample (the last step performs the forbidden event, or sends the message whose receipt is forbidden):")
            lines.append(counterexample.render(spec))
        }
        return lines.joined(separator: "\n")
    }
}
