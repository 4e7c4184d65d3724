import Foundation
import XCTest

/// Fail-closed inspection on a live connection: with `stream_anomalies: reset`, a client in one
/// namespace sends urgent data (MSG_OOB — the receiver's stack would take the byte out of the
/// stream, so the switch refuses to interpret it) to a server in another; the switch drops the
/// segment and its `SendResets` source sends an RST to each endpoint with the sequence number
/// that endpoint expects: both sides' next `recv` fails with ECONNRESET, and the counters say why.
final class StreamResetEndToEndTests: XCTestCase {
    var testbed: SwitchTestbed!

    override func setUpWithError() throws {
        testbed = try SwitchTestbed(hosts: 2, driver: "af_packet", extraConfig: ["stream_anomalies: reset"])
    }

    override func tearDown() {
        testbed?.remove()
    }

    func testUrgentDataGetsBothEndpointsReset() throws {
        let server = try Command.start(["ip", "netns", "exec", testbed.topology.namespace(2), "python3", "-c", Self.server, "5002"])
        defer { _ = server.finish(timeout: 1) }
        usleep(300_000)
        let client = try testbed.topology.run(in: 1, ["python3", "-c", Self.client, testbed.topology.address(2), "5002"], timeout: 30)
        let served = server.finish(timeout: 15)
        XCTAssertEqual(client.trimmingCharacters(in: .whitespacesAndNewlines), "client: echo ok, then ECONNRESET")
        XCTAssertEqual(served.output.trimmingCharacters(in: .whitespacesAndNewlines), "server: got hello, then ECONNRESET", served.error)
        let stats = try testbed.vswitch.freshStats()
        XCTAssertEqual(stats.stream_anomalies, 2, "both directions ended on the urgent-data anomaly")
        XCTAssertEqual(stats.resets_sent, 2, "one RST to each endpoint")
        let log = testbed.vswitch.log
        XCTAssertTrue(log.contains("evasion anomaly urgentData: packet dropped, both endpoints reset"), log)
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
