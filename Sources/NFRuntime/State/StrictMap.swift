import Synchronization

/// Shared state with serialisable multi-reader, multi-writer access through a lock (consistency
/// option (c) of thesis ch. 3.1.1). Every access takes the lock: use it for state that is rarely
/// touched per packet or must never be stale.
public final class StrictMap<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    private let entries: Mutex<[Key: Value]>

    public init(capacity: Int) { entries = Mutex(Dictionary(minimumCapacity: capacity)) }

    public subscript(key: Key) -> Value? {
        get { entries.withLock { $0[key] } }
        set { entries.withLock { $0[key] = newValue } }
    }

    /// Runs `body` on the map under the lock (read-modify-write atomically).
    public func withLock<R>(_ body: (inout [Key: Value]) -> R) -> R {
        entries.withLock { body(&$0) }
    }

    public var count: Int { entries.withLock { $0.count } }
}
