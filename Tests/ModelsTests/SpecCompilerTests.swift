import Foundation
import XCTest
@testable import Models

/// Compiles the web forum, writes the file, loads it back and checks the tables.
final class SpecCompilerTests: XCTestCase {
    func testWebforumTablesRoundTrip() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("webforum.ucheck"))
        let compiled = SpecCompiler().compile(spec, verdicts: Verifier(timeoutSeconds: 60).verify(spec))
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("webforum-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: file) }
        try JSONEncoder().encode(compiled).write(to: file)
        let loaded = try JSONDecoder().decode(CompiledSpec.self, from: Data(contentsOf: file))
        XCTAssertEqual(loaded, compiled)
        XCTAssertEqual(loaded.format, "ucheck-compiled-spec")
        XCTAssertEqual(loaded.version, 4)

        let kv = try XCTUnwrap(loaded.services.first { $0.name == "kv" })
        XCTAssertEqual(kv.receives.map(\.message.method), ["Get", "Insert"], "kv plausibly receives only Get and Insert")
        XCTAssertEqual(kv.receives.first { $0.message.method == "Insert" }?.peers, ["frontend"])
        let insertReply = try XCTUnwrap(kv.sends.first { $0.message == MessageID(service: "kv", method: "Insert", kind: .response) })
        XCTAssertEqual(insertReply.when, PredicateNode(op: .eq, args: [
            PredicateNode(op: .field, path: "ok", type: .bool), PredicateNode(op: .const, type: .bool, bool: true)]))
        XCTAssertEqual(insertReply.peers, ["frontend"])

        let frontend = try XCTUnwrap(loaded.services.first { $0.name == "frontend" })
        let authReply = try XCTUnwrap(frontend.receives.first { $0.message.kind == .response })
        XCTAssertEqual(authReply.when, PredicateNode(op: .field, path: "ok", type: .bool), "global precondition a.ok")
        XCTAssertEqual(frontend.receives.first { $0.message.method == "post" }?.when, .always,
                       "the local precondition `user in authed` is not part of the plausible set")
        XCTAssertEqual(frontend.receives.first { $0.message.method == "post" }?.peers, ["client"])
        XCTAssertTrue(frontend.fieldPaths.contains("request.user"))
        XCTAssertTrue(frontend.fieldPaths.contains("author"))

        XCTAssertEqual(Set(loaded.restrictions.map(\.message.method)), ["Modify", "Delete"])
        XCTAssertTrue(loaded.restrictions.allSatisfy { $0.at == "kv" && $0.direction == .recv && $0.when == .always })

        let monitor = try XCTUnwrap(loaded.monitors.first)
        XCTAssertEqual(monitor.invariant, "auth_before_post")
        XCTAssertEqual(monitor.port, "frontend")
        XCTAssertEqual(monitor.boundTypes, [.sort("User")])
        XCTAssertEqual(monitor.boundNames, ["u"])
        XCTAssertEqual(monitor.record.map(\.bind), [["request.user"]])
        XCTAssertEqual(monitor.forbid.map(\.bind), [["author"]])
        XCTAssertEqual(monitor.forbid.first?.direction, .send)

        XCTAssertEqual(loaded.invariants.map(\.exact), [true, false])
    }

    func testPrefixTestsCompileToPrefixNodes() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("files.ucheck"))
        let compiled = SpecCompiler().compile(spec, verdicts: Verifier(timeoutSeconds: 60).verify(spec))
        let path = PredicateNode(op: .field, path: "form.path", type: .string)
        let gateway = try XCTUnwrap(compiled.services.first { $0.name == "gateway" })
        XCTAssertEqual(gateway.receives.first { $0.message.method == "upload" }?.when,
                       PredicateNode(op: .prefix, string: "public/docs/", args: [path]))
        XCTAssertEqual(gateway.receives.first { $0.message.method == "purge" }?.when,
                       PredicateNode(op: .prefix, string: "tmp/", args: [path]))
        let key = PredicateNode(op: .field, path: "key", type: .string)
        let publicWrites = try XCTUnwrap(compiled.restrictions.first { $0.invariant == "public_writes" })
        XCTAssertEqual(publicWrites.when, PredicateNode(op: .not, args: [PredicateNode(op: .prefix, string: "public/", args: [key])]))
        let json = try XCTUnwrap(String(data: JSONEncoder().encode(compiled), encoding: .utf8))
        XCTAssertTrue(json.contains(#""op":"prefix""#), json)
        XCTAssertEqual(try JSONDecoder().decode(CompiledSpec.self, from: Data(json.utf8)), compiled)
    }

    /// A file of another format version is refused for its version, not for a field it lacks.
    func testAnOlderVersionIsRefusedWithTheReason() throws {
        let older = Data(#"{"format": "ucheck-compiled-spec", "version": 3, "app": "x", "services": []}"#.utf8)
        XCTAssertThrowsError(try CompiledSpec.decode(older)) { error in
            XCTAssertTrue("\(error)".contains("compiled spec version 3; this build reads version \(CompiledSpec.currentVersion)"), "\(error)")
        }
        XCTAssertThrowsError(try CompiledSpec.decode(Data(#"{"version": 4}"#.utf8))) { error in
            XCTAssertTrue("\(error)".contains("not a compiled spec"), "\(error)")
        }
    }
}
