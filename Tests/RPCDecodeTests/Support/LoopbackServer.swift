import Foundation

/// A real server process the test starts on a loopback port of its own and stops by its PID.
final class LoopbackServer {
    let port: Int
    private let process: Process

    /// Starts `executable` with `arguments` (every "{port}" replaced) and waits until the port accepts.
    init(_ executable: String, _ arguments: [String], directory: URL? = nil) throws {
        port = try Self.freePort()
        process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments.map { $0.replacingOccurrences(of: "{port}", with: String(port)) }
        if let directory { process.currentDirectoryURL = directory }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        for _ in 0..<200 {
            if Self.accepts(port) { return }
            guard process.isRunning else { break }
            usleep(25_000)
        }
        stop()
        throw NSError(domain: "LoopbackServer", code: 1, userInfo: [NSLocalizedDescriptionKey: "\(executable) did not listen on \(port)"])
    }

    deinit { stop() }

    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
    }

    /// A port no one listens on now (the kernel's pick for an ephemeral bind).
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sa -> Int32 in
                guard bind(fd, sa, length) == 0 else { return -1 }
                return getsockname(fd, sa, &length)
            }
        }
        guard bound == 0 else { throw NSError(domain: "LoopbackServer", code: 2) }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    static func accepts(_ port: Int) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        return withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0
            }
        }
    }
}

extension ExternalTool {
    /// Runs `command` (with "{port}" = the relay's port) through a recording relay to `port`;
    /// returns the recorded connections and the command's output.
    static func relay(to port: Int, stdin: String? = nil, _ command: [String]) throws -> (connections: [ConnectionLog], output: String) {
        let python = try requirePython(modules: [])
        let out = try temporaryDirectory("relay")
        defer { try? FileManager.default.removeItem(at: out) }
        var arguments = [peersDirectory.appendingPathComponent("relay_command.py").path, String(port), out.path]
        if let stdin {
            let file = out.appendingPathComponent("stdin")
            try Data(stdin.utf8).write(to: file)
            arguments += ["--stdin", file.path]
        }
        try run(python, arguments + ["--"] + command)
        var connections: [ConnectionLog] = []
        while FileManager.default.fileExists(atPath: out.appendingPathComponent("conn\(connections.count).log").path) {
            connections.append(try ConnectionLog(contentsOf: out.appendingPathComponent("conn\(connections.count).log")))
        }
        let output = String(decoding: try Data(contentsOf: out.appendingPathComponent("stdout")), as: UTF8.self)
        return (connections, output)
    }
}
