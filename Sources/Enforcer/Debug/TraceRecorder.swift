import ControlAPI
import Foundation
import Models
import NFRuntime
import RPCDecode
import Synchronization

/// The recent messages one core saw that carry a request id, kept while a debugger is attached so
/// that `backtrace` can show a request's messages before the one it stopped at. A ring of
/// `capacity` entries: the oldest are overwritten, so memory is fixed.
final class TraceRecorder: Sendable {
    /// What the debugger did with a recorded message.
    enum Outcome: String, Sendable { case allowed, held, watched }

    /// One recorded message.
    struct Entry: Sendable {
        /// When it was checked: the enforcer's monotonic clock, in nanoseconds.
        var time: UInt64
        var trace: TraceID
        var connection: ConnectionNames
        var method: String
        /// A request goes from the connection's client to its server, a response back.
        var kind: Models.MessageKind
        var outcome: Outcome

        var from: String { kind == .request ? connection.client : connection.server }
        var to: String { kind == .request ? connection.server : connection.client }
    }

    static let capacity = 4096
    private let ring: Mutex<(entries: [Entry], next: Int)>
    /// The wall-clock time (seconds since 1970) at monotonic time zero, so that recording takes
    /// the time the enforcer already read and reading converts it.
    private let wallClockAtZero = Date().timeIntervalSince1970 - Double(MonotonicClock.nanoseconds()) / 1e9

    init() {
        var entries: [Entry] = []
        entries.reserveCapacity(Self.capacity)
        ring = Mutex((entries, 0))
    }

    /// Records a message of request `trace` checked at `time` (monotonic nanoseconds).
    func record(trace: TraceID, connection: ConnectionNames, method: String, kind: Models.MessageKind, outcome: Outcome, at time: UInt64) {
        ring.withLock { ring in
            let entry = Entry(time: time, trace: trace, connection: connection, method: method, kind: kind, outcome: outcome)
            if ring.entries.count < Self.capacity {
                ring.entries.append(entry)
            } else {
                ring.entries[ring.next] = entry
            }
            ring.next = (ring.next + 1) % Self.capacity
        }
    }

    /// The entries oldest first.
    var entries: [Entry] {
        ring.withLock { ring in
            ring.entries.count < Self.capacity ? ring.entries : Array(ring.entries[ring.next...] + ring.entries[..<ring.next])
        }
    }

    /// When `entry` was recorded, in seconds since 1970.
    func wallClockTime(of entry: Entry) -> Double { wallClockAtZero + Double(entry.time) / 1e9 }

    /// The messages of request `trace`, oldest first.
    func messages(of trace: TraceID) -> [TraceRecord] {
        entries.filter { $0.trace == trace }.map {
            TraceRecord(time: ViolationRecord.timestamp(Date(timeIntervalSince1970: wallClockTime(of: $0))), app: $0.connection.app, from: $0.from, to: $0.to,
                        method: $0.method, kind: $0.kind.rawValue, verdict: $0.outcome.rawValue)
        }
    }
}
