import NFRuntime
import XCTest

/// `EventScheduler`, driven with explicit times: one-shot events run once when due, periodic
/// ones every interval (missed periods skipped, not replayed), cancelled ones never — also when
/// an event cancels itself or another from its body — and due events run in the order added.
final class EventSchedulerTests: XCTestCase {
    func testOneShotRunsOnceWhenDue() {
        let scheduler = EventScheduler()
        var runs: [String] = []
        scheduler.after(nanoseconds: 100, now: 1000) { runs.append("a") }
        scheduler.runDue(now: 1099)
        XCTAssertEqual(runs, [])
        scheduler.runDue(now: 1100)
        XCTAssertEqual(runs, ["a"])
        scheduler.runDue(now: 5000)
        XCTAssertEqual(runs, ["a"], "a one-shot event is gone after it ran")
    }

    func testPeriodicRunsEveryIntervalAndSkipsMissedPeriods() {
        let scheduler = EventScheduler()
        var times: [UInt64] = []
        var now: UInt64 = 0
        scheduler.every(nanoseconds: 10, now: 0) { times.append(now) }
        for t in stride(from: 0 as UInt64, through: 35, by: 5) {
            now = t
            scheduler.runDue(now: t)
        }
        XCTAssertEqual(times, [10, 20, 30])
        now = 1000
        scheduler.runDue(now: 1000)
        XCTAssertEqual(times, [10, 20, 30, 1000], "one run after a long gap, not 97")
        now = 1009
        scheduler.runDue(now: 1009)
        now = 1010
        scheduler.runDue(now: 1010)
        XCTAssertEqual(times.last, 1010, "the period restarts from the late run")
        XCTAssertEqual(times.count, 5)
    }

    func testCancelledEventsNeverRun() {
        let scheduler = EventScheduler()
        var runs: [String] = []
        let a = scheduler.after(nanoseconds: 5, now: 0) { runs.append("a") }
        let b = scheduler.every(nanoseconds: 5, now: 0) { runs.append("b") }
        scheduler.after(nanoseconds: 5, now: 0) { runs.append("c") }
        XCTAssertEqual(Set([a, b]).count, 2, "distinct ids")
        scheduler.cancel(a)
        scheduler.cancel(b)
        scheduler.cancel(12345)
        scheduler.runDue(now: 100)
        scheduler.runDue(now: 200)
        XCTAssertEqual(runs, ["c"])
    }

    func testDueEventsRunInTheOrderTheyWereAdded() {
        let scheduler = EventScheduler()
        var runs: [Int] = []
        for i in 0..<5 { scheduler.after(nanoseconds: UInt64(10 - i), now: 0) { runs.append(i) } }
        scheduler.runDue(now: 10)
        XCTAssertEqual(runs, [0, 1, 2, 3, 4])
    }

    func testAnEventMayCancelItselfOrAnotherWithoutDisturbingTheRest() {
        let scheduler = EventScheduler()
        var runs: [String] = []
        var selfID = 0, victimID = 0
        selfID = scheduler.every(nanoseconds: 10, now: 0) {
            runs.append("self")
            scheduler.cancel(selfID)
        }
        scheduler.every(nanoseconds: 10, now: 0) { runs.append("next") }
        scheduler.every(nanoseconds: 10, now: 0) {
            runs.append("killer")
            scheduler.cancel(victimID)
        }
        victimID = scheduler.every(nanoseconds: 10, now: 0) { runs.append("victim") }
        scheduler.every(nanoseconds: 10, now: 0) { runs.append("last") }
        scheduler.runDue(now: 10)
        XCTAssertEqual(runs, ["self", "next", "killer", "last"], "every due event still runs once; the cancelled one does not")
        scheduler.runDue(now: 20)
        XCTAssertEqual(runs, ["self", "next", "killer", "last", "next", "killer", "last"])
    }
}
