/// A bounded FIFO of `ResetRequest`s between a window (which kills flows) and `SendResets`
/// (which makes the frames), on one core. Allocated once; a request past `capacity` is refused
/// and counted in `refused` (its flow is still dead: its packets keep being dropped).
public final class ResetQueue {
    @usableFromInline var storage: [ResetRequest?]
    @usableFromInline var head = 0
    /// Requests queued.
    public private(set) var count = 0
    /// Requests refused because the queue was full.
    public private(set) var refused: UInt64 = 0

    public init(capacity: Int = 256) {
        precondition(capacity > 0)
        storage = Array(repeating: nil, count: capacity)
    }

    public var capacity: Int { storage.count }

    /// Appends `request`; false (and counted) when full.
    @discardableResult
    public func push(_ request: ResetRequest) -> Bool {
        guard count < storage.count else {
            refused &+= 1
            return false
        }
        storage[(head + count) % storage.count] = request
        count += 1
        return true
    }

    /// Removes the oldest request.
    public func pop() -> ResetRequest? {
        guard count > 0 else { return nil }
        defer {
            storage[head] = nil
            head = (head + 1) % storage.count
            count -= 1
        }
        return storage[head]
    }
}
