/// Scheduled events on one core (thesis ch. 3.1.1 "invocation nodes"): closures run at a time or
/// periodically, between batches, on the core that owns the scheduler — so they may touch that
/// core's state without locks.
///
/// Cold path: events are few; `runDue` is a linear scan, called once per loop iteration.
public final class EventScheduler {
    @usableFromInline struct Event {
        var due: UInt64
        let period: UInt64?
        let body: () -> Void
        let id: Int
    }
    @usableFromInline var events: [Event] = []
    @usableFromInline var nextDue: UInt64 = .max
    private var nextID = 0

    public init() {}

    /// Runs `body` every `intervalNanoseconds`, first after one interval. Returns an id for `cancel`.
    @discardableResult
    public func every(nanoseconds interval: UInt64, now: UInt64 = MonotonicClock.nanoseconds(), _ body: @escaping () -> Void) -> Int {
        precondition(interval > 0)
        return add(Event(due: now &+ interval, period: interval, body: body, id: 0))
    }

    /// Runs `body` once, `delayNanoseconds` from `now`.
    @discardableResult
    public func after(nanoseconds delay: UInt64, now: UInt64 = MonotonicClock.nanoseconds(), _ body: @escaping () -> Void) -> Int {
        add(Event(due: now &+ delay, period: nil, body: body, id: 0))
    }

    private func add(_ e: Event) -> Int {
        var e = e
        nextID += 1
        e = Event(due: e.due, period: e.period, body: e.body, id: nextID)
        events.append(e)
        nextDue = min(nextDue, e.due)
        return nextID
    }

    public func cancel(_ id: Int) {
        events.removeAll { $0.id == id }
        nextDue = events.map(\.due).min() ?? .max
    }

    /// Runs every event due at `now`; cheap (one comparison) when none is.
    @inlinable
    public func runDue(now: UInt64) {
        guard now >= nextDue else { return }
        runDueSlow(now: now)
    }

    @usableFromInline func runDueSlow(now: UInt64) {
        // Bodies may cancel events (themselves included), so each due event is found again by id
        // before it runs, and one cancelled by an earlier body this round is skipped.
        for id in events.filter({ $0.due <= now }).map(\.id) {
            guard let i = events.firstIndex(where: { $0.id == id }) else { continue }
            let e = events[i]
            if let p = e.period {
                // Skip missed periods rather than running a burst of catch-up calls.
                events[i].due = now &+ p
            } else {
                events.remove(at: i)
            }
            e.body()
        }
        nextDue = events.map(\.due).min() ?? .max
    }
}
