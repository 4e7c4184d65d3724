import XCTest
@testable import Models

/// Debugger patterns compiled against the web forum: the same name resolution, types and
/// `file:line:col` diagnostics as the spec, and predicates the enforcer can evaluate.
final class MessagePatternCompilerTests: XCTestCase {
    private var spec: CheckedSpec!

    override func setUpWithError() throws {
        spec = try SpecLoader.load(path: SpecFixtures.path("webforum.ucheck"))
    }

    private func diagnostic(_ text: String) -> Diagnostic? {
        do {
            _ = try MessagePatternCompiler.compile(text, in: spec, file: "breakpoint")
            return nil
        } catch {
            return error.diagnostics.first
        }
    }

    func testAMethodAloneMatchesEveryRequestOfIt() throws {
        let pattern = try MessagePatternCompiler.compile("kv.Insert", in: spec)
        XCTAssertEqual(pattern, MessagePattern(message: MessageID(service: "kv", method: "Insert", kind: .request)))
    }

    func testConditionsDirectionsAndRequestIDs() throws {
        let pattern = try MessagePatternCompiler.compile(
            #"send kv.Insert where author == "mallory" and key starts with "post/" at frontend request "4bf92f3577b34da6a3ce929d0e0e4736""#,
            in: spec)
        XCTAssertEqual(pattern.direction, .send)
        XCTAssertEqual(pattern.at, "frontend")
        XCTAssertEqual(pattern.trace, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(pattern.when, PredicateNode(op: .and, args: [
            PredicateNode(op: .eq, args: [PredicateNode(op: .field, path: "author", type: .string),
                                          PredicateNode(op: .const, type: .string, string: "mallory")]),
            PredicateNode(op: .prefix, string: "post/", args: [PredicateNode(op: .field, path: "key", type: .string)]),
        ]), "sort values compare with strings; a literal the spec never mentions compiles to its own string")
        let reply = try MessagePatternCompiler.compile("recv reply auth.Authenticate where ok and request.user == \"bob\"", in: spec)
        XCTAssertEqual(reply.message.kind, .response)
        XCTAssertNil(reply.direction, "without `at`, send and recv are the same message")
        XCTAssertEqual(reply.when.fieldPaths, ["ok", "request.user"])
        let route = try MessagePatternCompiler.compile("frontend.post where user == \"alice\"", in: spec)
        XCTAssertEqual(route.when.fieldPaths, ["user"], "route fields are message fields")
        let at = try MessagePatternCompiler.compile("kv.Insert at kv", in: spec)
        XCTAssertEqual(at.direction, .recv, "a request `at` its server is received there")
    }

    func testMistakesGetSpecDiagnosticsWithTheirColumn() {
        let cases: [(String, Diagnostic.Code, Int, String)] = [
            ("kv.Inserts", .unknownMethod, 4, "has no method 'Inserts'"),
            ("kvv.Insert", .unknownService, 1, "unknown service 'kvv'"),
            ("kv.Insert where writer == \"a\"", .unknownField, 17, "writer"),
            ("kv.Insert where key == 3", .typeMismatch, 21, "cannot compare string with int"),
            ("kv.Insert at nowhere", .unknownService, 14, "unknown service 'nowhere'"),
            ("send reply kv.Get at frontend", .wrongService, 22, "happen at kv"),
            ("kv.Insert request \"XYZ\"", .typeMismatch, 19, "not a trace id"),
            ("kv.Insert where", .syntax, 16, "expected"),
            ("kv.Insert extra", .syntax, 11, "the end of the pattern"),
        ]
        for (text, code, column, message) in cases {
            guard let d = diagnostic(text) else { XCTFail("\(text) compiled"); continue }
            XCTAssertEqual(d.code, code, text)
            XCTAssertEqual(d.line, 1, text)
            XCTAssertEqual(d.column, column, "\(text): \(d)")
            XCTAssertTrue(d.message.contains(message), "\(text): \(d.message)")
            XCTAssertTrue(d.description.hasPrefix("breakpoint:1:\(column): error:"), d.description)
        }
    }
}
