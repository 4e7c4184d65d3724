import Synchronization

/// Releases and drops of held packets asked for from another thread (the switch's debugger
/// control server), applied by the window that holds them at the start of its next batch. Its
/// capacity is fixed; a request past it is refused. Checking for requests costs the window one
/// relaxed atomic load per batch.
public final class HeldPacketRequests: Sendable {
    /// What to do with a held packet.
    public enum Action: Sendable {
        /// Send it on and let its direction go on.
        case release
        /// Drop it and kill its connection (resets to both endpoints).
        case drop
    }

    public let capacity: Int
    private let queue: Mutex<[(stream: StreamID, action: Action)]>
    private let pending = Atomic<Int>(0)

    public init(capacity: Int) {
        self.capacity = capacity
        var storage: [(stream: StreamID, action: Action)] = []
        storage.reserveCapacity(capacity)
        queue = Mutex(storage)
    }

    /// Asks for `action` on the packet `stream` holds; false when the queue is full.
    public func request(_ action: Action, for stream: StreamID) -> Bool {
        queue.withLock { queue in
            guard queue.count < capacity else { return false }
            queue.append((stream, action))
            pending.store(queue.count, ordering: .releasing)
            return true
        }
    }

    /// Whether requests wait (cheap: the window asks every batch).
    @inlinable
    public var hasRequests: Bool { pendingCount > 0 }

    @usableFromInline
    var pendingCount: Int { pending.load(ordering: .relaxed) }

    /// Runs `apply` on every waiting request, oldest first; the ones it returns false for (the
    /// window could not apply them yet) stay queued in order.
    public func drain(_ apply: (StreamID, Action) -> Bool) {
        queue.withLock { queue in
            var kept = 0
            for i in queue.indices where !apply(queue[i].stream, queue[i].action) {
                queue[kept] = queue[i]
                kept += 1
            }
            queue.removeLast(queue.count - kept)
            pending.store(kept, ordering: .releasing)
        }
    }
}
