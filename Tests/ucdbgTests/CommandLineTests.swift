import DebuggerClient
import Foundation
@testable import ucdbg
import XCTest

final class CommandLineTests: XCTestCase {
    func testSwitchAddresses() {
        XCTAssertEqual(SwitchAddress("127.0.0.1:7070"), SwitchAddress(host: "127.0.0.1", port: 7070))
        XCTAssertEqual(SwitchAddress("switch-a.local:9"), SwitchAddress(host: "switch-a.local", port: 9))
        XCTAssertEqual(SwitchAddress("[::1]:7070"), SwitchAddress(host: "::1", port: 7070))
        XCTAssertEqual(SwitchAddress("[::1]:7070")?.description, "[::1]:7070")
        for bad in ["127.0.0.1", ":7070", "host:0", "host:70000", "host:x"] { XCTAssertNil(SwitchAddress(bad), bad) }
    }

    func testOptionsAndTokenPairing() throws {
        let command = try UCDBG.parse(["--switch", "127.0.0.1:7070", "--switch", "127.0.0.1:7071", "--token-file", "a", "--token-file", "b",
                                       "--spec", "specs/webforum.ucheck", "-x", "one.ucdbg", "-x", "two.ucdbg", "--batch", "--history", "h"])
        XCTAssertEqual(command.switches, ["127.0.0.1:7070", "127.0.0.1:7071"])
        XCTAssertEqual(command.scripts, ["one.ucdbg", "two.ucdbg"])
        XCTAssertTrue(command.batch)
        XCTAssertThrowsError(try UCDBG.parse(["--switch", "nowhere"]))
        XCTAssertThrowsError(try UCDBG.parse([]))

        let paired = DebuggerOptions(switches: [], tokenFiles: ["a", "b"], specPath: nil, scripts: [], batch: true, historyFile: "")
        XCTAssertEqual([paired.tokenFile(for: 0), paired.tokenFile(for: 1), paired.tokenFile(for: 2)], ["a", "b", nil])
        let shared = DebuggerOptions(switches: [], tokenFiles: ["t"], specPath: nil, scripts: [], batch: true, historyFile: "")
        XCTAssertEqual([shared.tokenFile(for: 0), shared.tokenFile(for: 3)], ["t", "t"])
    }

    /// An unreachable switch and an unreadable token file: exit status 1, one line per problem.
    func testAttachFailuresExitOneWithALinePerProblem() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucdbg-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let token = directory.appendingPathComponent("token").path
        try "0123abcd\n".write(toFile: token, atomically: true, encoding: .utf8)
        let closedPort = try Self.unusedLoopbackPort()

        let unreachable = try Self.run(["--switch", "127.0.0.1:\(closedPort)", "--token-file", token, "--batch"])
        XCTAssertEqual(unreachable.status, 1)
        XCTAssertEqual(unreachable.errors, "ucdbg: cannot connect to 127.0.0.1:\(closedPort): Connection refused\n")

        let badTokens = try Self.run(["--switch", "127.0.0.1:\(closedPort)", "--switch", "127.0.0.1:\(closedPort)",
                                      "--token-file", token, "--token-file", directory.appendingPathComponent("missing").path, "--batch"])
        XCTAssertEqual(badTokens.status, 1)
        XCTAssertEqual(badTokens.errors, "ucdbg: \(directory.appendingPathComponent("missing").path): cannot read the token file\n")

        let counts = try Self.run(["--switch", "127.0.0.1:\(closedPort)", "--batch"])
        XCTAssertEqual(counts.status, 1)
        XCTAssertEqual(counts.errors, "ucdbg: 0 token files for 1 switches: give one --token-file per switch, or one for all\n")
    }

    private static func run(_ arguments: [String]) throws -> (status: Int32, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ucdbg")
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    /// A loopback port nothing listens on: bound, then closed, by this test.
    private static func unusedLoopbackPort() throws -> UInt16 {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) == 0 && getsockname(fd, $0, &length) == 0 }
        }
        XCTAssertTrue(bound)
        return UInt16(bigEndian: address.sin_port)
    }
}
