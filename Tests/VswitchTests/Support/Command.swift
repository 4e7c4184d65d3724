import Foundation

/// Runs a program to completion and returns what it printed; the tests' one way to run tools.
enum Command {
    struct Result {
        let status: Int32
        let output: String
        let error: String
    }

    /// Runs `arguments` (argv[0] looked up in PATH), waiting at most `timeout` seconds.
    @discardableResult
    static func run(_ arguments: [String], input: Data? = nil, timeout: Double = 60) throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), inp = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inp
        try process.run()
        if let input { inp.fileHandleForWriting.write(input) }
        try? inp.fileHandleForWriting.close()
        let deadline = Date().addingTimeInterval(timeout)
        // Read both pipes concurrently so a chatty child never blocks on a full pipe.
        let outData = AsyncData(out.fileHandleForReading), errData = AsyncData(err.fileHandleForReading)
        while process.isRunning && Date() < deadline { usleep(10_000) }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            throw CommandError.timedOut(arguments.joined(separator: " "), timeout)
        }
        process.waitUntilExit()
        return Result(status: process.terminationStatus, output: outData.wait(), error: errData.wait())
    }

    /// A program running in the background; `finish` collects its output.
    final class Running {
        let process = Process()
        private let out: AsyncData, err: AsyncData
        init(_ arguments: [String]) throws {
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = arguments
            let o = Pipe(), e = Pipe()
            process.standardOutput = o
            process.standardError = e
            process.standardInput = FileHandle.nullDevice
            try process.run()
            out = AsyncData(o.fileHandleForReading)
            err = AsyncData(e.fileHandleForReading)
        }
        /// Waits for exit (killing it after `timeout` s) and returns its status and output.
        func finish(timeout: Double = 30) -> Result {
            let deadline = Date().addingTimeInterval(timeout)
            while process.isRunning && Date() < deadline { usleep(10_000) }
            if process.isRunning { kill(process.processIdentifier, SIGKILL) }
            process.waitUntilExit()
            return Result(status: process.terminationStatus, output: out.wait(), error: err.wait())
        }
    }

    /// Starts `arguments` in the background.
    static func start(_ arguments: [String]) throws -> Running { try Running(arguments) }

    /// Like `run`, but throws unless the program exits 0.
    @discardableResult
    static func check(_ arguments: [String], input: Data? = nil, timeout: Double = 60) throws -> String {
        let r = try run(arguments, input: input, timeout: timeout)
        guard r.status == 0 else {
            throw CommandError.failed(arguments.joined(separator: " "), r.status, r.error + r.output)
        }
        return r.output
    }
}

enum CommandError: Error, CustomStringConvertible {
    case failed(String, Int32, String)
    case timedOut(String, Double)
    var description: String {
        switch self {
        case .failed(let c, let s, let o): return "`\(c)` exited \(s): \(o)"
        case .timedOut(let c, let t): return "`\(c)` still running after \(t) s"
        }
    }
}

/// Collects everything a pipe delivers, on a background thread.
final class AsyncData: @unchecked Sendable {
    private var data = Data()
    private var collected: String?
    private let done = DispatchSemaphore(value: 0)
    init(_ handle: FileHandle) {
        Thread.detachNewThread { [self] in
            data = handle.readDataToEndOfFile()
            done.signal()
        }
    }
    /// Everything the pipe delivered, once it is closed (later calls return the same).
    func wait() -> String {
        if let collected { return collected }
        done.wait()
        collected = String(decoding: data, as: UTF8.self)
        return collected!
    }
}
