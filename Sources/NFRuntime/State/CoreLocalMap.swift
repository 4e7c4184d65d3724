/// Partitioned state with no external access: one map per core, touched only by its core
/// (consistency option (a) of thesis ch. 3.1.1). Pair it with `shuffle` so a key's packets all
/// reach the core that holds it. No synchronisation at all.
///
/// Each partition reserves `capacity` entries at init: no allocation in steady state below that.
public final class CoreLocalMap<Key: Hashable, Value>: @unchecked Sendable {
    /// One core's partition; use it only from that core.
    public final class Partition {
        public var entries: [Key: Value]
        init(capacity: Int) { entries = Dictionary(minimumCapacity: capacity) }
        @inlinable public subscript(key: Key) -> Value? {
            get { entries[key] }
            set { entries[key] = newValue }
        }
        @inlinable public var count: Int { entries.count }
    }

    public let partitions: [Partition]

    public init(cores: Int, capacity: Int) {
        partitions = (0..<cores).map { _ in Partition(capacity: capacity) }
    }

    /// The partition of `core`.
    @inlinable public func partition(_ core: Int) -> Partition { partitions[core] }
}
