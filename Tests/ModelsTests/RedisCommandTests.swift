import Foundation
import XCTest
@testable import Models

/// Redis services in the spec language (specs/sessions.ucheck): commands are messages like any
/// other (fields = arguments in order, `reply` on the response), and the compiled spec lists each
/// command with its argument names. Their diagnostics are in DiagnosticsTests.
final class RedisCommandTests: XCTestCase {
    func testCommandsAreMethodsWithArgumentsAndAReply() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("sessions.ucheck"))
        let cache = try XCTUnwrap(spec.service("cache"))
        XCTAssertEqual(cache.proto, "redis")
        XCTAssertEqual(Set(cache.methods.keys), ["PING", "SET", "GET", "SADD", "DEL", "FLUSHALL", "FLUSHDB", "CONFIG"])
        let set = try XCTUnwrap(cache.methods["SET"])
        XCTAssertEqual(set.redis, RedisCommand(arguments: ["key", "value"]))
        XCTAssertEqual(set.requestLeaves, [LeafField(path: "key", type: .string), LeafField(path: "value", type: .sort("User")),
                                           LeafField.trace])
        XCTAssertEqual(cache.methods["GET"]?.responseLeaves.first { $0.path == "reply" }?.type, .sort("User"))
        XCTAssertEqual(cache.methods["SADD"]?.responseLeaves.first { $0.path == "reply" }?.type, .int)
        XCTAssertEqual(cache.methods["PING"]?.responseLeaves.first { $0.path == "reply" }?.type, .string, "reply is a string by default")
        XCTAssertEqual(cache.methods["PING"]?.redis?.arguments, [])
    }

    func testCompiledSpecListsCommandsInVersion4() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("sessions.ucheck"))
        let compiled = SpecCompiler().compile(spec, verdicts: Verifier(timeoutSeconds: 60).verify(spec))
        let loaded = try JSONDecoder().decode(CompiledSpec.self, from: JSONEncoder().encode(compiled))
        XCTAssertEqual(loaded, compiled)
        XCTAssertEqual(loaded.version, 4)
        let cache = try XCTUnwrap(loaded.services.first { $0.name == "cache" })
        XCTAssertNil(cache.schema)
        XCTAssertEqual(cache.routes, [])
        XCTAssertEqual(cache.commands.map(\.name), ["CONFIG", "DEL", "FLUSHALL", "FLUSHDB", "GET", "PING", "SADD", "SET"])
        XCTAssertEqual(cache.commands.first { $0.name == "CONFIG" }?.arguments, ["subcommand", "parameter", "value"])
        XCTAssertEqual(loaded.services.first { $0.name == "frontend" }?.commands, [])
        XCTAssertEqual(cache.receives.map(\.message.method), ["DEL", "GET", "PING", "SADD", "SET"],
                       "the cache plausibly receives only the commands its rules receive")
        let setReply = try XCTUnwrap(cache.sends.first { $0.message == MessageID(service: "cache", method: "SET", kind: .response) })
        XCTAssertEqual(setReply.when, PredicateNode(op: .eq, args: [PredicateNode(op: .field, path: "reply", type: .string),
                                                                    PredicateNode(op: .const, type: .string, string: "OK")]))
        XCTAssertEqual(Set(loaded.restrictions.map(\.message.method)), ["FLUSHALL", "FLUSHDB", "CONFIG", "DEL"])
        let kept = try XCTUnwrap(loaded.restrictions.first { $0.invariant == "sessions_kept" })
        XCTAssertEqual(kept.when, PredicateNode(op: .prefix, string: "session:", args: [PredicateNode(op: .field, path: "key", type: .string)]))
    }
}
