import Foundation
import XCTest

/// The `ucheck` executable: subcommands, exit codes (0 proved / 1 violated / 2 unknown or error),
/// `--json`, and `compile` refusing unproved specs.
final class CommandLineTests: XCTestCase {
    /// The built `ucheck`, next to the test bundle.
    var executable: URL {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ucheck")
    }

    func run(_ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = executable
        process.arguments = arguments
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let out = output.fileHandleForReading.readDataToEndOfFile()
        let err = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
    }

    override func setUpWithError() throws {
        // The test target depends on the ucheck target, so it is always built next to the tests.
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: executable.path), "ucheck missing at \(executable.path)")
    }

    func testCheck() throws {
        let clean = try run(["check", SpecFixtures.path("webforum.ucheck")])
        XCTAssertEqual(clean.status, 0, clean.errors)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let bad = directory.appendingPathComponent("bad.ucheck")
        try "app a\nservice s http at \"1.2.3.4:80\" external\nmodel t {\n}\n".write(to: bad, atomically: true, encoding: .utf8)
        let broken = try run(["check", bad.path])
        XCTAssertEqual(broken.status, 2)
        XCTAssertTrue(broken.errors.contains("\(bad.path):3:1: error: model for unknown service 't'"), broken.errors)
    }

    func testVerifyExitCodesAndJSON() throws {
        let proved = try run(["verify", SpecFixtures.path("webforum.ucheck")])
        XCTAssertEqual(proved.status, 0, proved.output + proved.errors)
        XCTAssertTrue(proved.output.contains("auth_before_post: PROVED"), proved.output)
        let violated = try run(["verify", "--json", SpecFixtures.path("broken/webforum-login-ignores-reply.ucheck")])
        XCTAssertEqual(violated.status, 1)
        let verdicts = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(violated.output.utf8)) as? [[String: Any]])
        XCTAssertEqual(verdicts.map { $0["status"] as? String }, ["proved", "violated"])
        let unknown = try run(["verify", "--timeout", "1", SpecFixtures.path("limits/bank-relayed-amounts.ucheck")])
        XCTAssertEqual(unknown.status, 2)
        XCTAssertTrue(unknown.output.contains("bounded_amounts: UNKNOWN"), unknown.output)
    }

    func testCompileRefusesUnprovedSpecs() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let output = directory.appendingPathComponent("out.json")
        let refused = try run(["compile", SpecFixtures.path("broken/shop-zero-charge.ucheck"), "-o", output.path])
        XCTAssertEqual(refused.status, 2)
        XCTAssertFalse(FileManager.default.fileExists(atPath: output.path))
        let forced = try run(["compile", "--allow-unproved", SpecFixtures.path("broken/shop-zero-charge.ucheck"), "-o", output.path])
        XCTAssertEqual(forced.status, 0, forced.errors)
        let compiled = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [String: Any])
        XCTAssertEqual(compiled["version"] as? Int, 4)
        let invariants = try XCTUnwrap(compiled["invariants"] as? [[String: Any]])
        XCTAssertEqual(invariants.first { $0["name"] as? String == "positive_charges" }?["status"] as? String, "violated")
    }
}
