import Synchronization

/// Tells running core loops to finish their current batch and return.
public final class StopSignal: Sendable {
    private let flag = Atomic<Bool>(false)
    public init() {}
    public func stop() { flag.store(true, ordering: .releasing) }
    @inlinable public var isStopped: Bool { flagValue }
    @usableFromInline var flagValue: Bool { flag.load(ordering: .acquiring) }
}

/// One core's run-to-completion loop: run the work (one batch through each sink), then any due
/// scheduled events, until stopped. One `CoreLoop` per lcore; nothing in it is shared but the
/// `LoopTime` it keeps, if it was given one.
public struct CoreLoop<Work: BatchRunnable> {
    public var work: Work
    public let scheduler: EventScheduler
    /// Where each iteration's time is added (owned by whoever made the loop), or nil.
    public let time: UnsafeMutablePointer<LoopTime>?
    /// The clock at the end of the previous iteration: an iteration's time runs from there.
    @usableFromInline var iterationStart: UInt64

    public init(work: Work, scheduler: EventScheduler = EventScheduler(), time: UnsafeMutablePointer<LoopTime>? = nil) {
        self.work = work
        self.scheduler = scheduler
        self.time = time
        iterationStart = MonotonicClock.nanoseconds()
    }

    /// One iteration: a batch through the work, then due events. The time since the previous
    /// iteration read the clock (this batch, and that iteration's events) goes to `time`, as busy
    /// if this batch handled packets. Returns packets handled.
    @inlinable @discardableResult
    public mutating func runOnce() -> Int {
        let n = work.runOnce()
        let now = MonotonicClock.nanoseconds()
        scheduler.runDue(now: now)
        if let time {
            let elapsed = now &- iterationStart
            time.pointee.nanoseconds &+= elapsed
            time.pointee.iterations &+= 1
            if n > 0 {
                time.pointee.busyNanoseconds &+= elapsed
                time.pointee.busyIterations &+= 1
            }
        }
        iterationStart = now
        return n
    }

    /// Runs until `stop` is signalled; returns the packets handled.
    @inlinable
    public mutating func run(until stop: StopSignal) -> UInt64 {
        var total: UInt64 = 0
        var iterations = 0
        iterationStart = MonotonicClock.nanoseconds()
        while true {
            total &+= UInt64(runOnce())
            iterations &+= 1
            // Checking the flag every 64 iterations keeps the atomic load off the per-batch path.
            if iterations & 63 == 0 && stop.isStopped { return total }
        }
    }
}

/// Several sinks of the same type run in turn (e.g. one per group-by branch).
public struct RunAll<Item: BatchRunnable>: BatchRunnable {
    public var items: [Item]
    @inlinable public init(_ items: [Item]) { self.items = items }
    @inlinable
    public mutating func runOnce() -> Int {
        var n = 0
        for i in items.indices { n &+= items[i].runOnce() }
        return n
    }
}
