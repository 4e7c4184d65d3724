import Foundation
import XCTest

/// The fluent builders keep the header stack in the type, so a graph that parses headers in an
/// impossible order does not compile. Each case runs `swiftc -typecheck` on a small NF against
/// the NFRuntime module this test bundle was built with, and the same NF in a legal order must
/// typecheck — so a failure can only come from the order, not from the set-up.
final class BuildersTests: XCTestCase {
    /// The build products directory (`.build/<triple>/debug`) holding this test binary.
    static let productsDirectory = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
    /// Clang module cache shared by this class's compiler runs, removed after them.
    static let moduleCache = FileManager.default.temporaryDirectory
        .appendingPathComponent("nfruntime-builders-cache-\(ProcessInfo.processInfo.processIdentifier)")

    override class func tearDown() {
        try? FileManager.default.removeItem(at: moduleCache)
        super.tearDown()
    }

    /// An NF source file whose graph is `graph` (on line 4), built on a `MemoryPort` named
    /// `port`, with a stream consumer `Consumer` for window graphs.
    func source(_ graph: String) -> String {
        """
        import NFRuntime

        func build(_ port: MemoryPort) {
            _ = \(graph)
        }

        struct Consumer: StreamConsumer {
            func open(_ flow: StreamID, midStream: Bool) {}
            func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict { .forward }
            func close(_ flow: StreamID, reason: StreamCloseReason) {}
        }

        """
    }

    /// The compiler's error diagnostics (one line each, with their location).
    func errors(_ output: String) -> [Substring] {
        output.split(separator: "\n").filter { $0.hasPrefix("/") && $0.contains(" error: ") }
    }

    /// Runs `swiftc -typecheck` on `source`; returns its exit status and everything it printed.
    func typecheck(_ source: String) throws -> (status: Int32, output: String) {
        let products = Self.productsDirectory
        let modules = products.appendingPathComponent("Modules")
        let cdpdk = products.appendingPathComponent("CDPDK.build")
        guard FileManager.default.fileExists(atPath: modules.appendingPathComponent("NFRuntime.swiftmodule").path),
              FileManager.default.fileExists(atPath: cdpdk.appendingPathComponent("module.modulemap").path) else {
            XCTFail("NFRuntime.swiftmodule or the CDPDK module map not found next to the test binary in \(products.path)")
            throw CocoaError(.fileNoSuchFile)
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nfruntime-builders-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("Graph.swift")
        try source.write(to: file, atomically: true, encoding: .utf8)

        let dpdk = ["-I/usr/include/dpdk", "-I/usr/include/x86_64-linux-gnu/dpdk", "-include", "rte_config.h", "-march=corei7"]
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["swiftc", "-typecheck", "-swift-version", "6",
                             "-I", modules.path, "-I", cdpdk.path, "-module-cache-path", Self.moduleCache.path]
            + dpdk.flatMap { ["-Xcc", $0] } + [file.path]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
    }

    func testParsingTCPStraightAfterEthernetDoesNotCompile() throws {
        let legal = try typecheck(source("port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self)"))
        XCTAssertEqual(legal.status, 0, "with IPv4 in between it must compile:\n\(legal.output)")

        let illegal = try typecheck(source("port.parse(Ethernet.self).parse(TCP.self)"))
        XCTAssertNotEqual(illegal.status, 0, "parse(TCP) on Ethernet compiled")
        let found = errors(illegal.output)
        XCTAssertFalse(found.isEmpty, illegal.output)
        XCTAssertTrue(found.allSatisfy { $0.contains("Graph.swift:4:") && $0.contains("'parse'") && $0.contains("'TCP'") },
                      "the only errors are about parse(TCP) on the graph line:\n\(illegal.output)")
    }

    func testOtherImpossibleGraphsDoNotCompile() throws {
        let legal = try typecheck(source("""
            (port.parse(Ethernet.self).parse(VLAN.self).parse(IPv6.self).parse(UDP.self),
                 port.received().parse(Ethernet.self).parse(IPv4.self).deparse().deparse(),
                 port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(Consumer()))
            """))
        XCTAssertEqual(legal.status, 0, legal.output)
        let cases = [
            ("port.parse(Ethernet.self).parse(IPv4.self).parse(IPv4.self)", "'IPv4' conform to 'NetworkLayerPayload'"),
            ("port.parse(Ethernet.self).parse(IPv6.self).parse(UDP.self).parse(VLAN.self)", "'VLAN' conform to 'TransportLayerPayload'"),
            ("port.received().deparse()", "conform to 'NonEmptyHeaderStack'"),
            ("port.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self).window(Consumer())", "'UDP' and 'TCP' be equivalent"),
        ]
        for (graph, expected) in cases {
            let result = try typecheck(source(graph))
            XCTAssertNotEqual(result.status, 0, "\(graph) compiled")
            let found = errors(result.output)
            XCTAssertFalse(found.isEmpty, result.output)
            XCTAssertTrue(found.allSatisfy { $0.contains("Graph.swift:4:") && $0.contains(expected) },
                          "\(graph): expected only errors saying \(expected) on the graph line:\n\(result.output)")
        }
    }
}
