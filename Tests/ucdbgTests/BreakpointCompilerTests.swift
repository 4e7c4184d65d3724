import ControlAPI
import DebuggerClient
import Models
import XCTest

final class BreakpointCompilerTests: XCTestCase {
    /// What the web forum's switch announces in `hello`.
    static let catalogueOnly = Catalogue(apps: [ApplicationCatalog(name: "webforum", mode: "enforce", services: [
        .init(name: "frontend", protocol: "http", address: "10.0.0.10:8080", methods: ["login", "post", "read"]),
        .init(name: "auth", protocol: "grpc", address: "10.0.0.11:50051", methods: ["Authenticate"]),
        .init(name: "kv", protocol: "grpc", address: "10.0.0.12:50052", methods: ["Insert", "Get", "Modify", "Delete"]),
    ])], spec: nil)

    private let withSpec = BreakpointCompiler(catalogue: Catalogue(apps: [], spec: SpecFixture.webforum))
    private let withoutSpec = BreakpointCompiler(catalogue: catalogueOnly)

    private func failure(_ compiler: BreakpointCompiler, _ text: String) -> String? {
        do {
            _ = try compiler.compile(text)
            return nil
        } catch {
            return BreakpointCompiler.render(error, pattern: text)
        }
    }

    func testSpecPatternsCompileWithTheirConditions() throws {
        let plain = try withSpec.compile("kv.Insert")
        XCTAssertEqual(plain.app, "webforum")
        XCTAssertEqual(plain.pattern, MessagePattern(message: MessageID(service: "kv", method: "Insert", kind: .request)))

        let reply = try withSpec.compile("reply auth.Authenticate where ok at frontend")
        XCTAssertEqual(reply.pattern.message, MessageID(service: "auth", method: "Authenticate", kind: .response))
        XCTAssertEqual(reply.pattern.direction, .recv)
        XCTAssertEqual(reply.pattern.at, "frontend")
        XCTAssertEqual(reply.pattern.when.fieldPaths, ["ok"])

        let body = try withSpec.compile("frontend.post where form.body starts with \"spam\"")
        XCTAssertEqual(body.pattern.when.op, .prefix)
        XCTAssertEqual(body.pattern.when.string, "spam")

        let traced = try withSpec.compile("kv.Get request \"4bf92f3577b34da6a3ce929d0e0e4736\"")
        XCTAssertEqual(traced.pattern.trace, "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    func testSpecDiagnosticsCarryACaretUnderTheColumn() {
        XCTAssertEqual(failure(withSpec, "kv.Insrt"), """
            breakpoint:1:4: error: service 'kv' has no method 'Insrt'
              kv.Insrt
                 ^
              hint: known: Delete, Get, Insert, Modify
            """)
        XCTAssertEqual(failure(withSpec, "kv.Insert where nosuch == 1"), """
            breakpoint:1:17: error: unknown field 'nosuch'
              kv.Insert where nosuch == 1
                              ^
              hint: known: author, key, value
            """)
        XCTAssertEqual(failure(withSpec, "kv.Insert wher key"), """
            breakpoint:1:11: error: expected the end of the pattern, found 'wher'
              kv.Insert wher key
                        ^
              hint: a pattern is `[send|recv] [reply] SERVICE.METHOD [where COND] [at SERVICE] [request "ID"]`
            """)
    }

    func testWithoutSpecTheCatalogueChecksNamesAndWhereIsRefused() throws {
        let insert = try withoutSpec.compile("kv.Insert")
        XCTAssertEqual(insert.app, "webforum")
        XCTAssertEqual(insert.pattern, MessagePattern(message: MessageID(service: "kv", method: "Insert", kind: .request), when: .always))

        let sent = try withoutSpec.compile("send reply kv.Get at kv")
        XCTAssertEqual(sent.pattern.message.kind, .response)
        XCTAssertEqual(sent.pattern.direction, .send)
        XCTAssertEqual(try withoutSpec.compile("kv.Get at frontend").pattern.direction, .send)
        XCTAssertEqual(try withoutSpec.compile("kv.Get at kv").pattern.direction, .recv)

        XCTAssertEqual(failure(withoutSpec, "kv.Insert where key == \"a\""), """
            breakpoint:1:17: error: a `where` condition needs the spec
              kv.Insert where key == "a"
                              ^
              hint: start ucdbg with --spec FILE.ucheck to use the message's fields
            """)
        XCTAssertEqual(failure(withoutSpec, "cache.Get"), """
            breakpoint:1:1: error: unknown service 'cache'
              cache.Get
              ^
              hint: known: frontend, auth, kv
            """)
        XCTAssertEqual(failure(withoutSpec, "kv.Put"), """
            breakpoint:1:4: error: service 'kv' has no method 'Put'
              kv.Put
                 ^
              hint: known: Insert, Get, Modify, Delete
            """)
        XCTAssertEqual(failure(withoutSpec, "kv.Get request \"ABC\""), """
            breakpoint:1:16: error: 'ABC' is not a trace id
              kv.Get request "ABC"
                             ^
              hint: a trace id is the 32 lowercase hex digits of a W3C traceparent
            """)
    }
}
