/// Where a core loop's time has gone since it started: all of it, and the part spent in
/// iterations that handled at least one packet; the rest went to polls that found nothing. A
/// polling core is always at 100%, so this split (as Open vSwitch's `pmd-stats-show` splits a
/// PMD thread's cycles) is what tells how much of it the traffic takes. The loop's core writes
/// it; reports on other threads read it, as they read the per-core packet counters. The
/// iteration counts give what one poll costs: idle time over idle iterations is the price of a
/// poll that finds nothing, which every packet may wait for.
public struct LoopTime: Equatable, Sendable {
    public var nanoseconds: UInt64 = 0
    public var busyNanoseconds: UInt64 = 0
    public var iterations: UInt64 = 0
    public var busyIterations: UInt64 = 0

    public init(nanoseconds: UInt64 = 0, busyNanoseconds: UInt64 = 0, iterations: UInt64 = 0, busyIterations: UInt64 = 0) {
        self.nanoseconds = nanoseconds
        self.busyNanoseconds = busyNanoseconds
        self.iterations = iterations
        self.busyIterations = busyIterations
    }
}
