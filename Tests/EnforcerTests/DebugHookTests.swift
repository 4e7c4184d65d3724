import ControlAPI
import Enforcer
import Foundation
import Models
import NFRuntime
import Synchronization
import XCTest

/// The enforcer's debugger hooks without a switch, on the sessions application's Redis traffic:
/// breakpoints hold exactly the messages their pattern picks (on a field the spec's checks read
/// and on one they do not), watchpoints report without holding, releases reach the window's
/// request queue, and a session's end releases its stops and deletes its breakpoints.
final class DebugHookTests: XCTestCase {
    /// Events a session receives, in order.
    private final class Events: Sendable {
        private let list = Mutex<[ControlEvent]>([])
        func append(_ event: ControlEvent) { list.withLock { $0.append(event) } }
        var all: [ControlEvent] { list.withLock { $0 } }
    }

    private func harness() throws -> EnforcerHTTPTests.Harness {
        try EnforcerHTTPTests.Harness(spec: try EnforcerHTTPTests.spec("specs/sessions.ucheck"), client: IPv4Address(10, 0, 3, 11),
                                      server: (IPv4Address(10, 0, 3, 12), 6379), debug: true)
    }

    private func breakpoint(_ number: Int, _ condition: String, action: BreakpointDefinition.Action = .hold) throws -> BreakpointDefinition {
        let spec = try SpecLoader.load(path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("specs/sessions.ucheck").path)
        let text = "cache.SET where \(condition)"
        return BreakpointDefinition(number: number, text: text, action: action, temporary: false, app: "sessions",
                                    pattern: try MessagePatternCompiler.compile(text, in: spec))
    }

    private func set(_ key: String, _ user: String) -> String { EnforcerRedisTests.command("SET", key, user) }

    func testBreakpointsHoldWhatTheyPickWhetherOrNotTheChecksReadTheirFields() throws {
        var h = try harness()
        let hub = try XCTUnwrap(h.debug)
        let events = Events()
        let session = hub.openSession { events.append($0) }
        let onlooker = Events() // another debugger attached to the same switch
        _ = hub.openSession { onlooker.append($0) }
        // `key` is read by the cache's checks (`c.key starts with "session:"`); `value` is not.
        try hub.setBreakpoint(try breakpoint(1, #"key == "session:7""#), session: session)
        XCTAssertEqual(h.send(set("session:1", "alice")), .forward)
        XCTAssertEqual(h.send(set("session:7", "alice")), .hold)
        // The window drops a held direction's later data; the test goes on after releasing it.
        let first = try XCTUnwrap(events.all.last?.message?.stop)
        XCTAssertEqual(try hub.continueStops(first, session: session), [first])
        XCTAssertEqual(hub.deleteBreakpoints(1, session: session), [1])
        try hub.setBreakpoint(try breakpoint(2, #"value == "bob""#), session: session)
        XCTAssertEqual(h.send(set("session:8", "alice")), .forward)
        XCTAssertEqual(h.send(set("session:9", "bob")), .hold)
        try hub.setBreakpoint(try breakpoint(3, #"value == "carol""#, action: .notify), session: session)
        XCTAssertEqual(h.send(set("session:10", "carol")), .forward, "a watchpoint does not hold")

        let messages = events.all.compactMap(\.message)
        XCTAssertEqual(events.all.map(\.event), [.stop, .released, .stop, .watch])
        XCTAssertEqual(messages.first?.fields, ["key": .string("session:7"), "value": .string("alice")], "arguments named as the spec declares them")
        XCTAssertEqual(messages.map { $0.fields["key"] }, [.string("session:7"), .string("session:9"), .string("session:10")])
        XCTAssertEqual(messages.map(\.breakpoint), [1, 2, 3])
        XCTAssertEqual(messages.map(\.session), [session, session, nil])
        XCTAssertEqual(messages.first?.from.service, "frontend")
        XCTAssertEqual(messages.first?.to.service, "cache")
        XCTAssertEqual(hub.breakpoints(of: session).map(\.hits), [1, 1])
        XCTAssertTrue(h.log.isEmpty, "holding is not a violation")

        let stops = messages.compactMap(\.stop)
        XCTAssertTrue(h.heldRequests.hasRequests, "the release went to the window's queue")
        XCTAssertThrowsError(try hub.continueStops(stops[0], session: session), "a stop is released once")
        XCTAssertThrowsError(try hub.drop(stops[1], session: session + 1), "only its session may drop it")

        hub.closeSession(session)
        XCTAssertEqual(onlooker.all.map(\.event), [.stop, .released, .stop, .watch, .released], "every session hears every event")
        XCTAssertEqual(onlooker.all.last?.how, "timeout")
        var released: [StreamID] = []
        h.heldRequests.drain { stream, action in
            XCTAssertEqual(action, .release)
            released.append(stream)
            return true
        }
        XCTAssertEqual(released.count, 2, "the continue and the session's end each released one stop")
        XCTAssertEqual(h.send(set("session:9", "bob")), .forward, "the session's breakpoints went with it")
    }

    /// The probe tests a condition's string equalities first, on the bytes in place; the rest of
    /// the condition still decides, and a condition with none is evaluated whole.
    func testStringEqualitiesDecideTogetherWithTheRestOfTheCondition() throws {
        var h = try harness()
        let hub = try XCTUnwrap(h.debug)
        let events = Events()
        let session = hub.openSession { events.append($0) }
        try hub.setBreakpoint(try breakpoint(1, #"value == "bob" and key starts with "session:9""#), session: session)
        XCTAssertEqual(h.send(set("session:8", "bob")), .forward, "the equality holds, the rest does not")
        XCTAssertEqual(h.send(set("session:9", "bobby")), .forward, "the rest holds, the equality does not")
        XCTAssertEqual(h.send(set("session:9", "bob")), .hold)
        XCTAssertEqual(try hub.continueStops(nil, session: session).count, 1)
        XCTAssertEqual(hub.deleteBreakpoints(nil, session: session), [1])
        try hub.setBreakpoint(try breakpoint(2, #""carol" == value or key == "session:1""#), session: session)
        XCTAssertEqual(h.send(set("session:2", "alice")), .forward)
        XCTAssertEqual(h.send(set("session:1", "alice")), .hold, "either side of an or")
        XCTAssertEqual(events.all.compactMap(\.message).map { $0.fields["key"] }, [.string("session:9"), .string("session:1")])
    }
}
