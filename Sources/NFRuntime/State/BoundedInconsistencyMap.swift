import Synchronization

/// Partitioned state with one writer per partition and readers on every core that see the
/// writer's updates at most `bound` updates late (consistency option (b) of thesis ch. 3.1.1).
///
/// The writer mutates a private map and publishes a snapshot every `bound` updates (or on
/// `publish()`). A reader checks one atomic version per partition per lookup and takes the lock
/// only when a new snapshot exists, so reads are lock-free in steady state. Publishing shares the
/// map's storage; the writer's next update then copies it (O(entries) once per `bound` updates).
public final class BoundedInconsistencyMap<Key: Hashable & Sendable, Value: Sendable>: @unchecked Sendable {
    final class Published: @unchecked Sendable {
        let version = Atomic<Int>(0)
        let snapshot: Mutex<[Key: Value]> = Mutex([:])
    }

    /// The single writer of one partition; use it from one core only.
    public final class Writer {
        @usableFromInline var entries: [Key: Value]
        @usableFromInline var unpublished = 0
        @usableFromInline let bound: Int
        let published: Published

        init(bound: Int, capacity: Int, published: Published) {
            self.bound = bound
            self.published = published
            entries = Dictionary(minimumCapacity: capacity)
        }

        /// The writer's own view (always current).
        @inlinable public subscript(key: Key) -> Value? { entries[key] }

        /// Sets or removes `key`; readers see it within `bound` updates.
        @inlinable public func update(_ key: Key, _ value: Value?) {
            entries[key] = value
            unpublished &+= 1
            if unpublished >= bound { publish() }
        }

        /// Makes every update so far visible to readers now.
        public func publish() {
            let snapshot = entries
            published.snapshot.withLock { $0 = snapshot }
            published.version.add(1, ordering: .releasing)
            unpublished = 0
        }

        public var count: Int { entries.count }
    }

    /// A reader of every partition; one per core.
    public final class Reader {
        let published: [Published]
        var cache: [[Key: Value]]
        var versions: [Int]

        init(published: [Published]) {
            self.published = published
            cache = Array(repeating: [:], count: published.count)
            versions = Array(repeating: -1, count: published.count)
        }

        /// The value in partition `partition`, as of at most `bound` updates ago.
        public func get(_ key: Key, partition: Int) -> Value? {
            refresh(partition)
            return cache[partition][key]
        }

        /// The value in the first partition that has `key`.
        public func get(_ key: Key) -> Value? {
            for p in 0..<published.count {
                if let v = get(key, partition: p) { return v }
            }
            return nil
        }

        private func refresh(_ p: Int) {
            let v = published[p].version.load(ordering: .acquiring)
            guard v != versions[p] else { return }
            cache[p] = published[p].snapshot.withLock { $0 }
            versions[p] = v
        }
    }

    public let bound: Int
    private let published: [Published]
    private let writers: [Writer]

    /// `partitions` writers; readers lag them by at most `bound` updates.
    public init(partitions: Int, bound: Int, capacity: Int) {
        precondition(partitions > 0 && bound > 0)
        self.bound = bound
        published = (0..<partitions).map { _ in Published() }
        writers = published.map { Writer(bound: bound, capacity: capacity, published: $0) }
    }

    /// The writer of `partition` (hand it to exactly one core).
    public func writer(_ partition: Int) -> Writer { writers[partition] }

    /// A new reader (one per core).
    public func makeReader() -> Reader { Reader(published: published) }
}
