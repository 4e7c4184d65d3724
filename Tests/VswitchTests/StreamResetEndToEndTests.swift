import Foundation
import XCTest

/// Fail-closed inspection on a live connection: with `stream_anomalies: reset`, a client in one
/// namespace sends urgent data (MSG_OOB — the receiver's stack would take the byte out of the
/// stream, so the switch refuses to interpret it) to a server in another; the switch drops the
/// segment and its `SendResets` source sends an RST to each endpoint with the sequence number
/// that endpoint expects: both sides' next `recv` fails with ECONNRESET, and the counters say why.
final class StreamResetEndToEndTests: XCTestCase {
    var topology: SwitchedNamespaces!
    var vswitch: RunningSwitch!
    var directory: URL!

    override func setUpWithError() throws {
        try EndToEndRequirements.check()
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("vswitch-reset-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        topology = SwitchedNamespaces(hosts: 2)
        do {
            try topology.create()
            let ports = (1...2).map { "  - {name: h\($0), interface: \(topology.switchInterface($0)), driver: af_packet}" }.joined(separator: "\n")
            let config = """
                eal: ["--no-huge", "-m", "256", "--no-pci", "--log-level=lib.eal:error"]
                stats_interval: 0.2
                inspect_streams: true
                stream_anomalies: reset
                ports:
                \(ports)
                """
            vswitch = try RunningSwitch(namespace: topology.switchNamespace, config: config, directory: directory)
            try vswitch.waitUntilForwarding()
        } catch {
            tearDown()
            throw error
        }
    }

    override func tearDown() {
        if let vswitch { _ = vswitch.stop() }
        topology?.remove()
        if let directory { try? FileManager.default.removeItem(at: directory) }
    }

    func testUrgentDataGetsBothEndpointsReset() throws {
        let server = try Command.start(["ip", "netns", "exec", topology.namespace(2), "python3", "-c", Self.server, "5002"])
        defer { _ = server.finish(timeout: 1) }
        usleep(300_000)
        let client = try topology.run(in: 1, ["python3", "-c", Self.client, topology.address(2), "5002"], timeout: 30)
        let served = server.finish(timeout: 15)
        XCTAssertEqual(client.trimmingCharacters(in: .whitespacesAndNewlines), "client: echo ok, then ECONNRESET")
        XCTAssertEqual(served.output.trimmingCharacters(in: .whitespacesAndNewlines), "server: got hello, then ECONNRESET", served.error)
        let stats = try vswitch.freshStats()
        XCTAssertEqual(stats.stream_anomalies, 2, "both directions ended on the urgent-data anomaly")
        XCTAssertEqual(stats.resets_sent, 2, "one RST to each endpoint")
    }

    /// Reads "hello", answers "ok", then reads until the connection ends; says how it ended.
    static let server = """
        import socket, sys
        l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(("0.0.0.0", int(sys.argv[1]))); l.listen(1); l.settimeout(10)
        c, _ = l.accept(); c.settimeout(10)
        assert c.recv(5) == b"hello"
        c.sendall(b"ok")
        try:
            data = c.recv(100)
            print("server: got hello, then", "EOF" if not data else "data %r" % data)
        except ConnectionResetError:
            print("server: got hello, then ECONNRESET")
        except socket.timeout:
            print("server: got hello, then timeout")
        """

    /// Says hello, waits for "ok", sends one urgent byte, then reads; says how it ended.
    static let client = """
        import socket, sys
        s = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=10)
        s.sendall(b"hello")
        assert s.recv(2) == b"ok"
        s.send(b"!", socket.MSG_OOB)
        try:
            data = s.recv(100)
            print("client: echo ok, then", "EOF" if not data else "data %r" % data)
        except ConnectionResetError:
            print("client: echo ok, then ECONNRESET")
        except socket.timeout:
            print("client: echo ok, then timeout")
        """
}
