/// The requests of a connection that are still waiting for their responses, oldest first: how
/// HTTP/1.1 and Redis pair a response with its request (they answer in order). Storage is reused.
struct PendingRequests {
    /// What a response needs from its request.
    struct Request {
        var ordinal: UInt64
        var service: String
        var method: String
    }

    private var queue: [Request] = []
    private var head = 0
    /// The ordinal the next request gets.
    private(set) var nextOrdinal: UInt64 = 0

    var count: Int { queue.count - head }

    /// Records a request; false if `limit` requests are already waiting.
    mutating func push(service: String, method: String, limit: Int) -> Bool {
        guard count < limit else { return false }
        queue.append(Request(ordinal: nextOrdinal, service: service, method: method))
        nextOrdinal += 1
        return true
    }

    /// The oldest waiting request, removed; nil if none waits.
    mutating func pop() -> Request? {
        guard head < queue.count else { return nil }
        let request = queue[head]
        head += 1
        if head == queue.count {
            queue.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 1024 && head > queue.count / 2 {
            queue.removeSubrange(0..<head)
            head = 0
        }
        return request
    }

    /// The oldest waiting request, kept.
    var first: Request? { head < queue.count ? queue[head] : nil }
}
