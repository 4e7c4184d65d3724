import Foundation

/// A sample microservice (samples/<app>/<name>.py) started by a test inside a namespace, its
/// output in a file; ready once it prints `ready HOST:PORT`; stopped by PID with SIGTERM.
final class SampleService {
    let name: String
    let process = Process()
    let outputPath: String

    /// The repository's samples folder (the tests run from the package root).
    static var samples: URL { URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("samples") }

    init(_ script: String, in namespace: String, arguments: [String], directory: URL, environment: [String: String] = [:]) throws {
        name = script
        outputPath = directory.appendingPathComponent(script.replacingOccurrences(of: "/", with: "-") + ".out").path
        FileManager.default.createFile(atPath: outputPath, contents: nil)
        let output = try FileHandle(forWritingTo: URL(fileURLWithPath: outputPath))
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace, "env"] + environment.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            + ["python3", Self.samples.appendingPathComponent(script).path] + arguments
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if self.output.contains("ready ") { return }
            guard process.isRunning else { break }
            usleep(50_000)
        }
        stop()
        throw SampleServiceError.notReady(script, self.output)
    }

    var output: String { (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? "" }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(5)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }
}

enum SampleServiceError: Error, CustomStringConvertible {
    case notReady(String, String)
    var description: String {
        switch self {
        case .notReady(let s, let out): return "\(s) did not print `ready` within 15 s: \(out)"
        }
    }
}
