import Foundation

/// A `vswitch` process started by a test inside the switch namespace, stopped by PID.
final class RunningSwitch {
    let process = Process()
    let statsPath: String
    let logPath: String
    let configPath: String

    static func productsDirectory() -> URL {
        #if os(Linux)
        // The test runner lives in the build products folder with the executables.
        return URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        #else
        return Bundle.main.bundleURL.deletingLastPathComponent()
        #endif
    }

    /// Starts the switch in `namespace` (or the current one when it is empty).
    init(namespace: String, config: String, directory: URL) throws {
        configPath = directory.appendingPathComponent("vswitch.yaml").path
        statsPath = directory.appendingPathComponent("stats.json").path
        logPath = directory.appendingPathComponent("vswitch.log").path
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        FileManager.default.createFile(atPath: logPath, contents: nil)
        let log = try FileHandle(forWritingTo: URL(fileURLWithPath: logPath))
        let command = [Self.productsDirectory().appendingPathComponent("vswitch").path,
                       "--config", configPath, "--stats-json", statsPath, "--exit-with-parent"]
        process.executableURL = URL(fileURLWithPath: namespace.isEmpty ? command[0] : "/usr/sbin/ip")
        process.arguments = namespace.isEmpty ? Array(command.dropFirst()) : ["netns", "exec", namespace] + command
        process.standardOutput = log
        process.standardError = log
        try process.run()
    }

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    /// Waits until the switch reports it is forwarding (and has written a first stats file).
    func waitUntilForwarding(timeout: Double = 20) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if log.contains("forwarding on"), FileManager.default.fileExists(atPath: statsPath) { return }
            guard process.isRunning else { throw SwitchTestError.exited(log) }
            usleep(50_000)
        }
        throw SwitchTestError.notReady(log)
    }

    /// The latest counters the switch wrote.
    func stats() throws -> SwitchStats {
        try JSONDecoder().decode(SwitchStats.self, from: Data(contentsOf: URL(fileURLWithPath: statsPath)))
    }

    /// Waits for the next stats file after now (the switch writes one per stats interval).
    func freshStats(timeout: Double = 5) throws -> SwitchStats {
        let start = try stats().uptime_seconds
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let s = try? stats(), s.uptime_seconds > start { return s }
            usleep(50_000)
        }
        throw SwitchTestError.notReady(log)
    }

    /// Sends SIGTERM and waits for exit; returns the exit status.
    func stop(timeout: Double = 10) -> Int32 {
        guard process.isRunning else { return process.terminationStatus }
        // `ip netns exec` execs the switch, so this PID is the switch itself.
        kill(process.processIdentifier, SIGTERM)
        let deadline = Date().addingTimeInterval(timeout)
        while process.isRunning && Date() < deadline { usleep(20_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            return -1
        }
        return process.terminationStatus
    }
}

/// The parts of vswitch's stats JSON the tests read.
struct SwitchStats: Decodable {
    struct Port: Decodable {
        let name: String
        let rxPackets: UInt64
        let txPackets: UInt64
        let txDropped: UInt64
        enum CodingKeys: String, CodingKey { case name, rxPackets = "rx_packets", txPackets = "tx_packets", txDropped = "tx_dropped" }
    }
    let uptime_seconds: Double
    let ports: [Port]
    let unicast: UInt64
    let flooded: UInt64
    let filtered: UInt64
    let mac_addresses: Int
    let stream_bytes: UInt64?
    let streams_finished: UInt64?
    let stream_anomalies: UInt64?
    let resets_sent: UInt64?
    /// Each polling core's time since its loop started, and the part that handled packets.
    struct Core: Decodable {
        let core: Int
        let seconds: Double
        let busy_seconds: Double
        let iterations: UInt64
        let busy_iterations: UInt64
    }
    let cores: [Core]
    let mbufs_in_use: Int
    let mbufs_held_by_switch: Int?

    func port(_ name: String) -> Port? { ports.first { $0.name == name } }
}

enum SwitchTestError: Error, CustomStringConvertible {
    case exited(String)
    case notReady(String)
    var description: String {
        switch self {
        case .exited(let log): return "vswitch exited early:\n\(log)"
        case .notReady(let log): return "vswitch not ready in time:\n\(log)"
        }
    }
}
