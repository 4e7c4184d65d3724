import Dispatch
import Glibc
import NFRuntime
import XCTest

/// `CoreLoop` and `RunAll`: one iteration runs a batch through the work and then the due events;
/// `run(until:)` keeps going until a `StopSignal` — from another thread or from an event — and
/// returns the packets it handled; a loop given a `LoopTime` splits its time into busy and idle.
final class CoreLoopTests: XCTestCase {
    func testRunOnceRunsTheWorkThenDueEvents() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        var loop = CoreLoop(work: input.received().send(to: output))
        var seenByEvent: [UInt64] = []
        loop.scheduler.after(nanoseconds: 0) { seenByEvent.append(output.counters.txPackets) }
        for _ in 0..<40 { input.write(frames.udp()) }
        XCTAssertEqual(loop.runOnce(), 32)
        XCTAssertEqual(seenByEvent, [32], "the event ran after this iteration's batch went out")
        XCTAssertEqual(loop.runOnce(), 8)
        XCTAssertEqual(seenByEvent, [32], "a one-shot event runs once")
        XCTAssertEqual(output.read().count, 40)
    }

    func testRunUntilStoppedFromAnotherThread() {
        let pool = makeCheckedPool(count: 2048)
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        var loop = CoreLoop(work: RunAll([input.received().send(to: output)]))
        var ticks = 0
        loop.scheduler.every(nanoseconds: 1_000_000) { ticks += 1 }
        for i in 0..<1000 { input.write(frames.udp([UInt8(truncatingIfNeeded: i)])) }
        let stop = StopSignal()
        let started = MonotonicClock.nanoseconds()
        DispatchQueue.global().asyncAfter(deadline: .now() + .milliseconds(50)) { stop.stop() }
        let handled = loop.run(until: stop)
        let elapsed = MonotonicClock.nanoseconds() - started
        XCTAssertTrue(stop.isStopped)
        XCTAssertEqual(handled, 1000)
        XCTAssertEqual(output.read().count, 1000)
        XCTAssertGreaterThanOrEqual(elapsed, 50_000_000, "ran until told to stop")
        XCTAssertLessThan(elapsed, 10_000_000_000, "and stopped soon after")
        XCTAssertGreaterThan(ticks, 0, "periodic events ran while the loop spun")
    }

    func testAnEventCanStopTheLoop() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        var loop = CoreLoop(work: input.received().send(to: output))
        let stop = StopSignal()
        loop.scheduler.after(nanoseconds: 0) { stop.stop() }
        for _ in 0..<3 { input.write(frames.udp()) }
        XCTAssertEqual(loop.run(until: stop), 3)
        XCTAssertEqual(output.read().count, 3)
    }

    func testLoopTimeCountsEveryIterationAndAsBusyOnlyThoseThatHandledPackets() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        let time = UnsafeMutablePointer<LoopTime>.allocate(capacity: 1)
        time.initialize(to: LoopTime())
        defer { time.deallocate() }
        var loop = CoreLoop(work: input.received().send(to: output), time: time)
        usleep(2_000)
        XCTAssertEqual(loop.runOnce(), 0)
        let idle = time.pointee
        XCTAssertGreaterThanOrEqual(idle.nanoseconds, 2_000_000, "the time since the loop was made went to the first iteration")
        XCTAssertEqual(idle.busyNanoseconds, 0, "which found nothing to do")
        XCTAssertEqual(idle.iterations, 1)
        XCTAssertEqual(idle.busyIterations, 0)
        for _ in 0..<10 { input.write(frames.udp()) }
        usleep(2_000)
        XCTAssertEqual(loop.runOnce(), 10)
        let busy = time.pointee
        XCTAssertGreaterThanOrEqual(busy.busyNanoseconds, 2_000_000, "an iteration that handled packets is busy for all its time")
        XCTAssertEqual(busy.nanoseconds - idle.nanoseconds, busy.busyNanoseconds, "and that time is counted once")
        XCTAssertEqual(busy.iterations, 2)
        XCTAssertEqual(busy.busyIterations, 1)
        XCTAssertEqual(loop.runOnce(), 0)
        XCTAssertEqual(time.pointee.busyNanoseconds, busy.busyNanoseconds, "an empty poll adds no busy time")
        XCTAssertGreaterThan(time.pointee.nanoseconds, busy.nanoseconds)
        XCTAssertEqual(time.pointee.iterations, 3)
        XCTAssertEqual(time.pointee.busyIterations, 1, "nor a busy iteration")
    }

    func testRunAllRunsEverySinkOncePerIteration() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let inputs = (0..<3).map { MemoryPort(index: UInt16($0), pool: pool) }
        let output = MemoryPort(pool: pool)
        var all = RunAll(inputs.map { $0.received().send(to: output) })
        for (i, port) in inputs.enumerated() { for _ in 0...i { port.write(frames.udp([UInt8(i)])) } }
        XCTAssertEqual(all.runOnce(), 6)
        XCTAssertEqual(output.read().map { $0[Frames.udpPayload] }, [0, 1, 1, 2, 2, 2], "sinks in order")
    }
}
