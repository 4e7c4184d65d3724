import ControlAPI
import Foundation
import Synchronization

/// The recent messages one core saw that carry a request id, kept while a debugger is attached so
/// that `backtrace` can show a request's messages before the one it stopped at. A ring of
/// `capacity` entries: the oldest are overwritten, so memory is fixed.
final class TraceRecorder: Sendable {
    /// One recorded message.
    struct Entry: Sendable {
        var time: Double
        var trace: String
        var app: String
        var from: String
        var to: String
        var method: String
        var kind: String
        var verdict: String
    }

    static let capacity = 4096
    private let ring: Mutex<(entries: [Entry], next: Int)>

    init() {
        var entries: [Entry] = []
        entries.reserveCapacity(Self.capacity)
        ring = Mutex((entries, 0))
    }

    func record(_ entry: Entry) {
        ring.withLock { ring in
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

    /// The messages of request `trace`, oldest first.
    func messages(of trace: String) -> [TraceRecord] {
        entries.filter { $0.trace == trace }.map {
            TraceRecord(time: ViolationRecord.timestamp(Date(timeIntervalSince1970: $0.time)), app: $0.app, from: $0.from, to: $0.to,
                        method: $0.method, kind: $0.kind, verdict: $0.verdict)
        }
    }
}
