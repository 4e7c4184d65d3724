import Foundation
import XCTest

/// A real redis-server (Debian's) in a test namespace, snapshots and AOF off, with
/// `redis-cli monitor` running beside it from the start so a test can read every command the
/// server executed (MONITOR leaves out administrative commands such as CONFIG: use `cli("INFO",
/// "commandstats")` for those). Both run in the server's namespace and talk over its own
/// address, never through the switch. `stop()` ends both by PID.
final class NamespacedRedis {
    let namespace: String
    let host: String
    let port: Int
    let monitorPath: String
    private let server = Process()
    private let monitor = Process()

    /// The path of a redis tool, failing under CI (skipping elsewhere) when it is missing.
    static func tool(_ name: String) throws -> String {
        let path = "/usr/bin/\(name)"
        guard FileManager.default.isExecutableFile(atPath: path) else {
            let reason = "\(name) is not installed (run scripts/setup)"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
        return path
    }

    init(in namespace: String, host: String, port: Int, directory: URL) throws {
        self.namespace = namespace
        self.host = host
        self.port = port
        monitorPath = directory.appendingPathComponent("redis-monitor.log").path
        let serverLog = directory.appendingPathComponent("redis-server.log").path
        // Protected mode refuses every client but loopback when no password is set; the namespace
        // is the test's own, so it is off.
        try launch(server, [Self.tool("redis-server"), "--bind", host, "--port", String(port), "--save", "", "--appendonly", "no",
                            "--protected-mode", "no", "--dir", directory.path], output: serverLog)
        let deadline = Date().addingTimeInterval(10)
        while (try? cli("PING")) != "PONG" {
            guard Date() < deadline, server.isRunning else {
                stop()
                throw CommandError.failed("redis-server in \(namespace)", server.isRunning ? 0 : server.terminationStatus,
                                          (try? String(contentsOfFile: serverLog, encoding: .utf8)) ?? "")
            }
            usleep(50_000)
        }
        try launch(monitor, [Self.tool("redis-cli"), "-h", host, "-p", String(port), "monitor"], output: monitorPath)
        while !((try? String(contentsOfFile: monitorPath, encoding: .utf8)) ?? "").hasPrefix("OK") {
            guard Date() < deadline, monitor.isRunning else { stop(); throw CommandError.timedOut("redis-cli monitor", 10) }
            usleep(20_000)
        }
    }

    private func launch(_ process: Process, _ arguments: [String], output path: String) throws {
        FileManager.default.createFile(atPath: path, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        process.arguments = ["netns", "exec", namespace] + arguments
        process.standardOutput = handle
        process.standardError = handle
        process.standardInput = FileHandle.nullDevice
        try process.run()
    }

    /// Runs redis-cli with `arguments` against the server, in its namespace; its output, trimmed.
    @discardableResult
    func cli(_ arguments: String...) throws -> String {
        try Command.check(["ip", "netns", "exec", namespace, Self.tool("redis-cli"), "-h", host, "-p", String(port)] + arguments,
                          timeout: 10).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// Every command MONITOR showed so far, as its quoted words (`["SET", "session:1", "alice"]`),
    /// the command upper-cased, with the client's `host:port`.
    func executed() -> [(client: String, words: [String])] {
        let text = (try? String(contentsOfFile: monitorPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { line in
            guard let open = line.firstIndex(of: "["), let close = line.firstIndex(of: "]") else { return nil }
            let client = line[line.index(after: open)..<close].split(separator: " ").last.map(String.init) ?? ""
            var words: [String] = []
            var word: String?
            var escaped = false
            for ch in line[line.index(after: close)...] {
                if var current = word {
                    if escaped { current.append(ch); escaped = false; word = current }
                    else if ch == "\\" { escaped = true }
                    else if ch == "\"" { words.append(current); word = nil }
                    else { current.append(ch); word = current }
                } else if ch == "\"" {
                    word = ""
                }
            }
            guard let first = words.first else { return nil }
            words[0] = first.uppercased()
            return (client, words)
        }
    }

    /// The number of calls of `command` (e.g. `flushall`, `config|set`) in `INFO commandstats`.
    func calls(_ command: String) throws -> Int {
        let stats = try cli("INFO", "commandstats")
        guard let line = stats.split(whereSeparator: \.isNewline).first(where: { $0.hasPrefix("cmdstat_\(command):") }),
              let field = line.split(separator: ":").last?.split(separator: ",").first(where: { $0.hasPrefix("calls=") }) else { return 0 }
        return Int(field.dropFirst("calls=".count)) ?? 0
    }

    func stop() {
        for process in [monitor, server] where process.isRunning {
            kill(process.processIdentifier, SIGTERM)
            let deadline = Date().addingTimeInterval(5)
            while process.isRunning && Date() < deadline { usleep(20_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
        }
    }
}
