/// The requests of one connection still waiting for their responses, oldest first: what pairs
/// responses with requests on protocols that answer in order (HTTP/1.1, Redis pipelining).
///
/// A ring of slots that doubles when full and otherwise keeps its storage: a request is moved in
/// by `push` and out by `pop`, so neither copies (retains) its strings nor clears the array.
struct PendingRequests {
    struct Request {
        var ordinal: UInt64
        var service: String
        var method: String
    }

    /// A power of two long once the first request arrives; empty slots are nil.
    private var slots: [Request?] = []
    /// The slot of the oldest request.
    private var head = 0
    private(set) var count = 0
    private(set) var nextOrdinal: UInt64 = 0

    /// Adds a request (given the next ordinal); false, adding nothing, if `limit` are waiting.
    mutating func push(service: String, method: String, limit: Int) -> Bool {
        guard count < limit else { return false }
        if count == slots.count { grow() }
        slots[(head + count) & (slots.count - 1)] = Request(ordinal: nextOrdinal, service: service, method: method)
        count += 1
        nextOrdinal += 1
        return true
    }

    /// Removes and returns the oldest request, nil if none waits.
    mutating func pop() -> Request? {
        guard count > 0 else { return nil }
        let request = slots[head].take()
        head = (head + 1) & (slots.count - 1)
        count -= 1
        return request
    }

    /// The oldest request, left in place.
    var first: Request? { count > 0 ? slots[head] : nil }

    /// Doubles the ring (16 slots at first), the waiting requests moved to its start in order.
    private mutating func grow() {
        var larger = [Request?](repeating: nil, count: max(16, slots.count * 2))
        for i in 0..<count { larger[i] = slots[(head + i) & (slots.count - 1)].take() }
        slots = larger
        head = 0
    }
}
