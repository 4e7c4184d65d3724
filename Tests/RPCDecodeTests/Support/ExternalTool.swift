import Foundation
import XCTest

/// Finds and runs the real programs the tests talk to (python3 with grpcio/thrift/hpack, protoc,
/// redis-server, curl, tshark). scripts/setup installs them; under `CI=true` a missing tool fails
/// the test, elsewhere it skips it.
enum ExternalTool {
    static let testsDirectory = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    static let peersDirectory = testsDirectory.appendingPathComponent("Peers")
    static let fixturesDirectory = testsDirectory.appendingPathComponent("Fixtures")

    /// The absolute path of `name` on PATH, or a skip/failure.
    static func require(_ name: String, file: StaticString = #filePath, line: UInt = #line) throws -> String {
        for dir in (ProcessInfo.processInfo.environment["PATH"] ?? "").split(separator: ":") {
            let path = "\(dir)/\(name)"
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        try missing("\(name) is not installed (run scripts/setup)", file: file, line: line)
    }

    /// Fails under CI, skips elsewhere.
    static func missing(_ what: String, file: StaticString = #filePath, line: UInt = #line) throws -> Never {
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail(what, file: file, line: line)
            throw XCTSkip("failed: \(what)")
        }
        throw XCTSkip(what)
    }

    /// Requires python3 with `modules` importable.
    static func requirePython(modules: [String], file: StaticString = #filePath, line: UInt = #line) throws -> String {
        let python = try require("python3", file: file, line: line)
        let check = try run(python, ["-c", modules.map { "import \($0)" }.joined(separator: ";")], allowFailure: true)
        if check.status != 0 {
            try missing("python3 modules \(modules) are not installed (run scripts/setup)", file: file, line: line)
        }
        return python
    }

    /// Runs `executable` to completion; throws unless it exits 0 (or `allowFailure`).
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], allowFailure: Bool = false,
                    directory: URL? = nil) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = directory }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let output = String(decoding: data, as: UTF8.self)
        if !allowFailure && process.terminationStatus != 0 {
            throw NSError(domain: "ExternalTool", code: Int(process.terminationStatus),
                          userInfo: [NSLocalizedDescriptionKey: "\(executable) \(arguments) failed:\n\(output)"])
        }
        return (process.terminationStatus, output)
    }

    /// A new empty directory under the temporary directory.
    static func temporaryDirectory(_ label: String) throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("rpcdecode-\(label)-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }
}
