import Foundation
import XCTest
@testable import Models

/// Redis services in the spec language (specs/sessions.ucheck): commands are messages like any
/// other (fields = arguments in order, `reply` on the response), mistakes get file:line:col
/// diagnostics, and the compiled spec lists each command with its argument names.
final class RedisCommandTests: XCTestCase {
    private func expect(_ replacements: [(String, String)], code: Diagnostic.Code, line: Int, column: Int, text: String,
                        file: StaticString = #filePath, lineNumber: UInt = #line) throws {
        let diagnostic = try XCTUnwrap(SpecFixtures.diagnostic(in: "sessions.ucheck", replacing: replacements), "spec was accepted",
                                       file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.code, code, diagnostic.description, file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.line, line, diagnostic.description, file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.column, column, diagnostic.description, file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.offendingText, text, file: file, line: lineNumber)
        XCTAssertFalse(diagnostic.hint.isEmpty, file: file, line: lineNumber)
    }

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

    func testCommandOfAnUnknownService() throws {
        try expect([("command cache.SET ", "command cahce.SET ")], code: .unknownService, line: 21, column: 1, text: "cahce")
    }

    func testCommandOfAnHTTPService() throws {
        try expect([("command cache.SET ", "command frontend.SET ")], code: .wrongService, line: 21, column: 1, text: "frontend")
    }

    func testRouteOfARedisService() throws {
        try expect([("route frontend.health GET", "route cache.health GET")], code: .wrongService, line: 17, column: 1, text: "cache")
    }

    func testDuplicateCommand() throws {
        try expect([("command cache.FLUSHDB  { }", "command cache.FLUSHALL  { }")], code: .duplicateName, line: 26, column: 15,
                   text: "FLUSHALL")
    }

    func testLowerCaseCommand() throws {
        try expect([("command cache.PING     { }", "command cache.ping     { }")], code: .syntax, line: 20, column: 15, text: "ping")
    }

    func testRedisServiceWithASchema() throws {
        try expect([("redis at \"10.0.3.12:6379\"", "redis at \"10.0.3.12:6379\" schema kv.KV")], code: .badSchema, line: 11, column: 1,
                   text: "cache")
    }

    func testResponseFieldOtherThanReply() throws {
        try expect([("returns { reply: User }", "returns { value: User }")], code: .unknownField, line: 22, column: 50, text: "value")
    }

    func testDottedArgument() throws {
        try expect([("{ key: string, value: User }", "{ key.name: string, value: User }")], code: .unknownField, line: 21, column: 26,
                   text: "key.name")
    }

    func testDuplicateArgument() throws {
        try expect([("{ key: string, value: User }", "{ key: string, key: User }")], code: .duplicateName, line: 21, column: 39,
                   text: "key")
    }

    func testUnknownArgumentInARule() throws {
        try expect([("sessions[c.key] = c.value", "sessions[c.key] = c.val")], code: .unknownField, line: 44, column: 88, text: "c.val")
    }
}
