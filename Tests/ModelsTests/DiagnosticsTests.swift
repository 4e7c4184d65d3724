import XCTest
@testable import Models

/// One malformed spec per diagnostic: the code, the file:line:col, the offending text and a hint.
final class DiagnosticsTests: XCTestCase {
    func expect(_ replacements: [(String, String)], in spec: String = "webforum.ucheck", code: Diagnostic.Code, line: Int, column: Int,
                text: String, file: StaticString = #filePath, lineNumber: UInt = #line) throws {
        let diagnostic = try XCTUnwrap(SpecFixtures.diagnostic(in: spec, replacing: replacements), "spec was accepted", file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.code, code, diagnostic.description, file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.line, line, diagnostic.description, file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.column, column, diagnostic.description, file: file, line: lineNumber)
        XCTAssertEqual(diagnostic.offendingText, text, file: file, line: lineNumber)
        XCTAssertFalse(diagnostic.hint.isEmpty, file: file, line: lineNumber)
        XCTAssertTrue(diagnostic.description.hasPrefix("\(diagnostic.file):\(line):\(column): error: "), file: file, line: lineNumber)
    }

    func testShippedSpecChecksClean() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("webforum.ucheck"))
        XCTAssertEqual(spec.services.map(\.name), ["frontend", "auth", "kv"])
        XCTAssertEqual(spec.rules.count, 7)
        XCTAssertEqual(spec.invariants.map(\.name), ["immutable_posts", "auth_before_post"])
        let post = try XCTUnwrap(spec.rules.first { $0.name == "post" })
        XCTAssertEqual(post.globalCondition, .true)
        XCTAssertEqual(post.localCondition, .member("frontend.authed", .field("user")))
    }

    func testSyntaxError() throws {
        try expect([("rule read: recv frontend.read as r", "rule read: recv frontend.read r")],
                   code: .syntax, line: 32, column: 33, text: "r")
    }

    func testScopeMustBePerRequest() throws {
        try expect([("invariant immutable_posts:", "invariant immutable_posts per session:")],
                   code: .syntax, line: 49, column: 31, text: "session")
    }

    func testUnterminatedString() throws {
        try expect([("POST \"/login\"", "POST \"/login")], code: .syntax, line: 14, column: 27, text: "\"/login { form.user: User, form.password: string }")
    }

    func testUnknownService() throws {
        try expect([("send kv.Get(key: r.path.id)", "send kvs.Get(key: r.path.id)")],
                   code: .unknownService, line: 33, column: 13, text: "kvs.Get")
    }

    func testUnknownSchemaService() throws {
        try expect([("schema kv.KV", "schema kv.Store")], code: .unknownService, line: 12, column: 1, text: "kv.Store")
    }

    func testUnknownMethod() throws {
        try expect([("send kv.Get(key: r.path.id)", "send kv.Fetch(key: r.path.id)")],
                   code: .unknownMethod, line: 33, column: 16, text: "kv.Fetch")
    }

    func testUnknownField() throws {
        try expect([("author: r.user,", "author: r.usr,")], code: .unknownField, line: 31, column: 45, text: "r.usr")
    }

    func testUnknownFieldInSend() throws {
        try expect([("send kv.Get(key: r.path.id)", "send kv.Get(id: r.path.id)")], code: .unknownField, line: 33, column: 20, text: "id")
    }

    func testTypeMismatch() throws {
        try expect([("value: r.form.body", "value: r.form")], code: .typeMismatch, line: 31, column: 60, text: "r.form")
        try expect([("when r.user in authed", "when r.form.body in authed")],
                   code: .typeMismatch, line: 30, column: 55, text: "r.form.body in authed")
    }

    func testPrefixOfANonString() throws {
        try expect([("when r.user in authed", "when r.user in authed and r.user starts with \"a\"")],
                   code: .typeMismatch, line: 30, column: 71, text: "r.user starts with \"a\"")
    }

    func testPrefixMustBeAStringLiteral() throws {
        try expect([("when r.user in authed", "when r.user in authed and r.form.body starts with 3")],
                   code: .syntax, line: 30, column: 88, text: "3")
    }

    func testUnknownType() throws {
        try expect([("state authed: set<User>", "state authed: set<Person>")], code: .unknownType, line: 25, column: 21, text: "Person")
    }

    func testUnknownName() throws {
        try expect([("when r.user in authed", "when r.user in authd")], code: .unknownName, line: 30, column: 53, text: "authd")
    }

    func testDuplicateName() throws {
        try expect([("rule read: recv", "rule post: recv")], code: .duplicateName, line: 32, column: 3, text: "post")
    }

    func testUnusedState() throws {
        try expect([("state authed: set<User>", "state authed: set<User>\n  state visits: int")],
                   code: .unusedState, line: 26, column: 9, text: "visits")
    }

    func testUnreachableRule() throws {
        try expect([("  rule get: recv kv.Get as m", "  rule drop: recv kv.Delete as m => reply(ok: true)\n  rule get: recv kv.Get as m")],
                   code: .unreachableRule, line: 44, column: 3, text: "drop")
    }

    func testUnboundVariable() throws {
        try expect([("never send kv.Insert where author == u at frontend", "never send kv.Insert at frontend")],
                   code: .badBinding, line: 53, column: 9, text: "send kv.Insert")
    }

    func testMissingSchemaFile() throws {
        try expect([("import \"kv.proto\"", "import \"kvstore.proto\"")], code: .badSchema, line: 6, column: 8, text: "import \"kvstore.proto\"")
    }

    func testReplyToAResponse() throws {
        try expect([("=> authed.add(a.request.user)", "=> authed.add(a.request.user); reply(ok: true)")],
                   code: .badReply, line: 29, column: 36, text: "reply(...)")
    }

    func testBadAssignment() throws {
        try expect([("=> authed.add(a.request.user)", "=> authed = a.request.user")],
                   code: .badAssignment, line: 29, column: 8, text: "authed = a.request.user")
    }

    func testWrongService() throws {
        try expect([("never recv kv.Modify at kv", "never recv kv.Modify at frontend")],
                   code: .wrongService, line: 49, column: 52, text: "frontend")
    }

    func testProtocRejectsBrokenSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "syntax = \"proto3\";\nmessage M { string x = 1 }\n".write(to: directory.appendingPathComponent("bad.proto"), atomically: true, encoding: .utf8)
        let spec = "app a\nimport \"bad.proto\"\n"
        XCTAssertThrowsError(try SpecLoader.load(source: spec, file: directory.appendingPathComponent("a.ucheck").path)) { error in
            let diagnostic = (error as! SpecError).diagnostics[0]
            XCTAssertEqual(diagnostic.code, .badSchema)
            XCTAssertEqual(diagnostic.line, 2)
            XCTAssertTrue(diagnostic.message.contains("bad.proto:2:"), diagnostic.message)
        }
    }

    func testUnknownThriftServiceMethodAndField() throws {
        try expect([("schema warehouse.Stock", "schema warehouse.Stok")], in: "warehouse.ucheck",
                   code: .unknownService, line: 10, column: 1, text: "warehouse.Stok")
        try expect([("send stock.release(order: r.order)", "send stock.relase(order: r.order)")], in: "warehouse.ucheck",
                   code: .unknownMethod, line: 25, column: 19, text: "stock.relase")
        try expect([("reserved.add(m.reservation.order)", "reserved.add(m.reservation.ordr)")], in: "warehouse.ucheck",
                   code: .unknownField, line: 30, column: 57, text: "m.reservation.ordr")
        try expect([("refine warehouse.Stock_release_args { order: Order }", "refine warehouse.Stock_release_args { id: Order }")],
                   in: "warehouse.ucheck", code: .unknownField, line: 16, column: 39, text: "id")
    }

    func testThriftCompilerRejectsBrokenSchema() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-thrift-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "service Broken {\n  bool ping(1: string)\n}\n".write(to: directory.appendingPathComponent("broken.thrift"), atomically: true, encoding: .utf8)
        let spec = "app broken\nimport \"broken.thrift\"\nservice b thrift at \"10.0.0.1:9090\" external schema broken.Broken\n"
        XCTAssertThrowsError(try SpecLoader.load(source: spec, file: directory.appendingPathComponent("broken.ucheck").path)) { error in
            let diagnostic = (error as? SpecError)?.diagnostics.first
            XCTAssertEqual(diagnostic?.code, .badSchema)
            XCTAssertEqual(diagnostic?.line, 2)
            XCTAssertTrue(diagnostic?.description.contains("thrift rejected") == true, diagnostic?.description ?? "")
            XCTAssertTrue(diagnostic?.description.contains("broken.thrift") == true, diagnostic?.description ?? "")
        }
    }

    // Redis commands (specs/sessions.ucheck).

    func testCommandOfAnUnknownService() throws {
        try expect([("command cache.SET ", "command cahce.SET ")], in: "sessions.ucheck", code: .unknownService, line: 21, column: 1, text: "cahce")
    }

    func testCommandOfAnHTTPService() throws {
        try expect([("command cache.SET ", "command frontend.SET ")], in: "sessions.ucheck", code: .wrongService, line: 21, column: 1, text: "frontend")
    }

    func testRouteOfARedisService() throws {
        try expect([("route frontend.health GET", "route cache.health GET")], in: "sessions.ucheck", code: .wrongService, line: 17, column: 1, text: "cache")
    }

    func testDuplicateCommand() throws {
        try expect([("command cache.FLUSHDB  { }", "command cache.FLUSHALL  { }")], in: "sessions.ucheck", code: .duplicateName, line: 26, column: 15,
                   text: "FLUSHALL")
    }

    func testLowerCaseCommand() throws {
        try expect([("command cache.PING     { }", "command cache.ping     { }")], in: "sessions.ucheck", code: .syntax, line: 20, column: 15, text: "ping")
    }

    func testRedisServiceWithASchema() throws {
        try expect([("redis at \"10.0.3.12:6379\"", "redis at \"10.0.3.12:6379\" schema kv.KV")], in: "sessions.ucheck", code: .badSchema, line: 11, column: 1,
                   text: "cache")
    }

    func testResponseFieldOtherThanReply() throws {
        try expect([("returns { reply: User }", "returns { value: User }")], in: "sessions.ucheck", code: .unknownField, line: 22, column: 50, text: "value")
    }

    func testDottedArgument() throws {
        try expect([("{ key: string, value: User }", "{ key.name: string, value: User }")], in: "sessions.ucheck", code: .unknownField, line: 21, column: 26,
                   text: "key.name")
    }

    func testDuplicateArgument() throws {
        try expect([("{ key: string, value: User }", "{ key: string, key: User }")], in: "sessions.ucheck", code: .duplicateName, line: 21, column: 39,
                   text: "key")
    }

    func testUnknownArgumentInARule() throws {
        try expect([("sessions[c.key] = c.value", "sessions[c.key] = c.val")], in: "sessions.ucheck", code: .unknownField, line: 44, column: 88, text: "c.val")
    }
}
