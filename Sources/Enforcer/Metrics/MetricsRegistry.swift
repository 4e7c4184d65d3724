import Foundation
import Synchronization

/// The enforcer's counters, for the Prometheus endpoint: messages per application, service,
/// method, kind and verdict. Labels get a counter index when a policy is built (a reload keeps
/// the indexes of labels it shares with the old policy); each core counts into its own row of
/// plain integers, so counting is an add, and a scrape sums the rows.
public final class MetricsRegistry: @unchecked Sendable {
    /// The verdict dimension of each counter.
    public enum Verdict: Int, CaseIterable, Sendable {
        case allowed, blocked, violationLogged

        var label: String {
            switch self {
            case .allowed: return "allowed"
            case .blocked: return "blocked"
            case .violationLogged: return "logged"
            }
        }
    }

    /// Label sets the registry can hold (message types of all applications, over all reloads).
    public static let capacity = 4096

    private struct Label: Hashable {
        var app: String, service: String, method: String, kind: String
    }

    private let labels = Mutex<[Label: Int]>([:])
    private let rows: [UnsafeMutablePointer<UInt64>]

    public init(cores: Int) {
        rows = (0..<cores).map { _ in
            let row = UnsafeMutablePointer<UInt64>.allocate(capacity: Self.capacity * Verdict.allCases.count)
            row.initialize(repeating: 0, count: Self.capacity * Verdict.allCases.count)
            return row
        }
    }

    deinit { for row in rows { row.deallocate() } }

    /// The counter of a label set; the last index (shared) once the registry is full.
    func counter(app: String, service: String, method: String, kind: String) -> Int {
        labels.withLock { table in
            let label = Label(app: app, service: service, method: method, kind: kind)
            if let i = table[label] { return i }
            guard table.count < Self.capacity - 1 else { return Self.capacity - 1 }
            table[label] = table.count
            return table.count - 1
        }
    }

    /// Counts one message on `core` (the core's own row: no synchronisation).
    @inline(__always)
    func count(_ counter: Int, _ verdict: Verdict, core: Int) {
        rows[core][counter * Verdict.allCases.count + verdict.rawValue] &+= 1
    }

    /// The sum over cores of one counter (tests, reports).
    public func total(app: String, service: String, method: String, kind: String, verdict: Verdict) -> UInt64 {
        guard let i = labels.withLock({ $0[Label(app: app, service: service, method: method, kind: kind)] }) else { return 0 }
        return sum(i, verdict)
    }

    /// The sum over every label set and core of one verdict (benchmarks, tests).
    public func total(verdict: Verdict) -> UInt64 {
        let used = labels.withLock { $0.count }
        return (0..<used).reduce(0) { $0 + sum($1, verdict) }
    }

    /// The counters in the Prometheus text exposition format (version 0.0.4).
    public func prometheusText() -> String {
        var out = "# HELP ucheck_messages_total RPC messages the enforcer checked, by verdict.\n# TYPE ucheck_messages_total counter\n"
        let all = labels.withLock { $0.sorted { $0.value < $1.value } }
        for (label, i) in all {
            for verdict in Verdict.allCases {
                let n = sum(i, verdict)
                out += "ucheck_messages_total{app=\"\(escape(label.app))\",service=\"\(escape(label.service))\",method=\"\(escape(label.method))\",kind=\"\(label.kind)\",verdict=\"\(verdict.label)\"} \(n)\n"
            }
        }
        return out
    }

    /// One counter summed over the cores' rows.
    private func sum(_ counter: Int, _ verdict: Verdict) -> UInt64 {
        rows.reduce(0) { $0 + $1[counter * Verdict.allCases.count + verdict.rawValue] }
    }

    private func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"").replacingOccurrences(of: "\n", with: "\\n")
    }
}
