import Enforcer
import Foundation
import Models
import NFRuntime
import RPCDecode
import XCTest

/// The enforcer without a switch on Redis traffic of the sessions application
/// (specs/sessions.ucheck, verified and compiled here): the frontend's commands to the cache and
/// the cache's replies, fed as a window would; commands are matched by name and arity, their
/// arguments and replies read by position.
final class EnforcerRedisTests: XCTestCase {
    /// The frontend (10.0.3.11) connected to the cache (10.0.3.12:6379).
    private func harness() throws -> EnforcerHTTPTests.Harness {
        try EnforcerHTTPTests.Harness(spec: try EnforcerHTTPTests.spec("specs/sessions.ucheck"), client: IPv4Address(10, 0, 3, 11), server: (IPv4Address(10, 0, 3, 12), 6379))
    }

    /// `words` as a RESP array of bulk strings, as clients send commands.
    static func command(_ words: String...) -> String {
        "*\(words.count)\r\n" + words.map { "$\($0.utf8.count)\r\n\($0)\r\n" }.joined()
    }

    func testDeclaredCommandsAndTheirRepliesPass() throws {
        var h = try harness()
        XCTAssertEqual(h.send(Self.command("SET", "session:1", "alice")), .forward)
        XCTAssertEqual(h.send("+OK\r\n", response: true), .forward)
        XCTAssertEqual(h.send(Self.command("GET", "session:1")), .forward)
        XCTAssertEqual(h.send("$5\r\nalice\r\n", response: true), .forward)
        XCTAssertEqual(h.send(Self.command("DEL", "cart:alice")), .forward)
        XCTAssertEqual(h.send(":1\r\n", response: true), .forward)
        XCTAssertEqual(h.observer.events.map(\.verdict), Array(repeating: "allowed", count: 6))
        XCTAssertEqual(h.observer.events.map(\.method), ["SET", "SET", "GET", "GET", "DEL", "DEL"])
        XCTAssertEqual(h.metrics.total(app: "sessions", service: "cache", method: "SET", kind: "request", verdict: .allowed), 1)
        XCTAssertTrue(h.log.isEmpty)
    }

    func testDeletingASessionKeyIsDroppedAndLoggedOnce() throws {
        var h = try harness()
        XCTAssertEqual(h.send(Self.command("DEL", "session:1")), .drop)
        XCTAssertEqual(h.log.count, 1)
        let record = try XCTUnwrap(h.log.first)
        XCTAssertEqual(record["method"] as? String, "DEL")
        XCTAssertEqual(record["protocol"] as? String, "redis")
        let kinds = ((record["violations"] as? [[String: Any]]) ?? []).map { "\($0["kind"] ?? ""):\($0["invariant"] ?? "-")" }
        XCTAssertEqual(Set(kinds), ["restriction:sessions_kept", "implausible-receive:-"], "\(record)")
        XCTAssertEqual(h.send(Self.command("PING")), .forward, "the connection is dead for the switch: nothing more is checked")
        XCTAssertEqual(h.log.count, 1)
    }

    func testPipelinedCommandsInOneSegmentAreDroppedTogether() throws {
        var h = try harness()
        let segment = Self.command("PING") + Self.command("SET", "session:2", "bob") + Self.command("FLUSHALL")
        XCTAssertEqual(h.send(segment), .drop)
        XCTAssertEqual(h.observer.events.map(\.verdict), ["allowed", "allowed", "blocked"])
        XCTAssertEqual(h.log.count, 1)
        XCTAssertEqual(h.log.first?["method"] as? String, "FLUSHALL")
    }

    func testTheSegmentCompletingAForbiddenCommandIsTheOneDropped() throws {
        var h = try harness()
        let flush = Self.command("FLUSHALL")
        let cut = flush.index(flush.startIndex, offsetBy: 7)
        XCTAssertEqual(h.send(String(flush[..<cut])), .forward, "a partial command is forwarded")
        XCTAssertEqual(h.send(String(flush[cut...])), .drop)
        XCTAssertEqual(h.log.count, 1)
    }

    func testInlineCommandsAreCommandsToo() throws {
        var h = try harness()
        XCTAssertEqual(h.send("PING\r\n"), .forward)
        XCTAssertEqual(h.send("+PONG\r\n", response: true), .forward)
        XCTAssertEqual(h.send("flushall\r\n"), .drop, "Redis upper-cases command names; so does the decoder")
        XCTAssertEqual(h.log.first?["method"] as? String, "FLUSHALL")
    }

    func testACommandWithAnotherArityIsNotTheDeclaredCommand() throws {
        var h = try harness()
        XCTAssertEqual(h.send(Self.command("DEL", "cart:a", "session:1")), .drop, "DEL of two keys would slip a session key past `key`")
        let violation = try XCTUnwrap((h.log.first?["violations"] as? [[String: Any]])?.first)
        XCTAssertEqual(violation["kind"] as? String, "unknown-message")
        XCTAssertTrue((violation["detail"] as? String ?? "").contains("DEL takes 1 argument(s) in the spec; this one has 2"), "\(violation)")
    }

    func testAnUndeclaredCommandIsAnUnknownMessage() throws {
        var h = try harness()
        XCTAssertEqual(h.send(Self.command("KEYS", "*")), .drop)
        XCTAssertEqual((h.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "unknown-message")
    }

    func testRepliesAreCheckedAgainstWhatTheCacheMaySend() throws {
        var h = try harness()
        XCTAssertEqual(h.send(Self.command("SET", "session:3", "carol")), .forward)
        XCTAssertEqual(h.send("-ERR out of memory\r\n", response: true), .forward, "an error reply is always allowed")
        XCTAssertEqual(h.send(Self.command("SET", "session:4", "dave")), .forward)
        XCTAssertEqual(h.send("+QUEUED\r\n", response: true), .drop, "the cache's model replies OK to SET")
        let violation = try XCTUnwrap((h.log.first?["violations"] as? [[String: Any]])?.first)
        XCTAssertEqual(violation["kind"] as? String, "implausible-send")
    }
}
