import Foundation
import NFRuntime
import Synchronization

/// The state of one parametric monitor (docs/compiled-spec-format.md, "Monitor"): the tuples of
/// bound values its `record` events have seen. Shared by every core (the events of one invariant
/// arrive on different connections, which different cores own), behind a lock: the record of an
/// auth reply happens before the switch forwards it, so before any message it causes.
///
/// Memory is bounded: at most `capacity` tuples, each forgotten `lifetime` after it was last
/// recorded; when full, the least recently recorded goes. A forgotten tuple makes a later
/// `forbid` event of it a violation, so both bounds err on the side of blocking.
public final class MonitorStore: Sendable {
    /// Tuples kept per monitor (one per user, per request, …): 65 536 × a few dozen bytes.
    public static let defaultCapacity = 65_536
    /// How long a recorded tuple counts: one hour, longer than any request or login session the
    /// samples keep.
    public static let defaultLifetime: UInt64 = 3_600_000_000_000

    public let invariant: String
    public let capacity: Int
    public let lifetime: UInt64
    private let tuples = Mutex<[[CheckValue]: UInt64]>([:])

    public init(invariant: String, capacity: Int = MonitorStore.defaultCapacity, lifetime: UInt64 = MonitorStore.defaultLifetime) {
        self.invariant = invariant
        self.capacity = capacity
        self.lifetime = lifetime
    }

    /// Remembers `tuple` as of `now` (nanoseconds).
    public func record(_ tuple: [CheckValue], now: UInt64) {
        tuples.withLock { set in
            if set[tuple] == nil, set.count >= capacity {
                set = set.filter { now &- $0.value < lifetime }
                if set.count >= capacity, let oldest = set.min(by: { $0.value < $1.value }) { set[oldest.key] = nil }
            }
            set[tuple] = now
        }
    }

    /// Whether `tuple` was recorded and has not expired at `now`.
    public func contains(_ tuple: [CheckValue], now: UInt64) -> Bool {
        tuples.withLock { set in set[tuple].map { now &- $0 < lifetime } ?? false }
    }

    public var count: Int { tuples.withLock { $0.count } }
}
