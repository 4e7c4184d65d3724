import Foundation
import XCTest

/// Real traffic between three network namespaces joined only through `vswitch` over DPDK
/// (`net_af_packet` on veth pairs): ARP and ping, a byte-exact TCP transfer, UDP, MAC learning,
/// counters, stream reassembly on live traffic, and a clean shutdown.
///
/// Needs root (namespaces) and DPDK (`scripts/setup` installs it). Without them every test here
/// is skipped with the reason; CI runs as root after set-up, so there they always run.
/// Runs with the default PMD (`net_af_xdp`); `AFPacketSwitchEndToEndTests` runs it all again
/// over `net_af_packet`.
class SwitchEndToEndTests: XCTestCase {
    /// The `driver` of the switch's interface ports.
    class var driver: String { "af_xdp" }
    /// Cores running the switch's loop.
    class var cores: Int { 1 }

    var testbed: SwitchTestbed!
    var topology: SwitchedNamespaces { testbed.topology }
    var vswitch: RunningSwitch { testbed.vswitch }

    override func setUpWithError() throws {
        testbed = try SwitchTestbed(hosts: 3, driver: Self.driver, cores: Self.cores)
    }

    override func tearDown() {
        testbed?.remove()
    }

    func testARPAndPingReachEveryHost() throws {
        for (from, to) in [(1, 2), (1, 3), (2, 3), (3, 1)] {
            let out = try topology.run(in: from, ["ping", "-c", "3", "-i", "0.2", "-W", "2", topology.address(to)])
            XCTAssertTrue(out.contains("3 received"), "h\(from) → h\(to): \(out)")
        }
        let arp = try topology.run(in: 1, ["ip", "neigh", "show", topology.address(2)])
        XCTAssertTrue(arp.contains("lladdr"), "h1 resolved h2 by ARP through the switch: \(arp)")
    }

    func testTCPTransferArrivesByteExactAndIsReassembledInOrder() throws {
        let size = 4_000_000
        let server = try Command.start(["ip", "netns", "exec", topology.namespace(2), "python3", "-c", Self.tcpSink, "5001"])
        defer { _ = server.finish(timeout: 1) }
        usleep(300_000)
        let sent = try topology.run(in: 1, ["python3", "-c", Self.tcpSource, topology.address(2), "5001", String(size)], timeout: 60)
        let received = server.finish(timeout: 30)
        XCTAssertEqual(received.status, 0, received.error)
        XCTAssertEqual(received.output.trimmingCharacters(in: .whitespacesAndNewlines), sent.trimmingCharacters(in: .whitespacesAndNewlines),
                       "byte count and SHA-256 at the receiver match the sender")
        XCTAssertTrue(sent.hasPrefix("\(size) "))
        // The switch's window followed the connection: both directions' bytes, in order, once.
        let deadline = Date().addingTimeInterval(5)
        var stats = try vswitch.freshStats()
        while (stats.streams_finished ?? 0) < 2 && Date() < deadline { stats = try vswitch.freshStats() }
        XCTAssertEqual(stats.stream_bytes, UInt64(size), "reassembled bytes equal the transfer (no response bytes)")
        XCTAssertEqual(stats.streams_finished, 2, "both directions closed with FIN")
    }

    func testUDPDatagramsAreCountedExactlyAndLearningStopsFlooding() throws {
        // Learn every host's MAC first (ping resolves ARP and makes both ends send).
        try topology.run(in: 1, ["ping", "-c", "2", "-i", "0.2", topology.address(2)])
        try topology.run(in: 3, ["ping", "-c", "1", topology.address(1)])
        let before = try vswitch.freshStats()
        let count = 500
        let receiver = try Command.start(["ip", "netns", "exec", topology.namespace(2), "python3", "-c", Self.udpSink, "6001", String(count)])
        defer { _ = receiver.finish(timeout: 1) }
        usleep(300_000)
        try topology.run(in: 1, ["python3", "-c", Self.udpSource, topology.address(2), "6001", String(count)])
        let got = receiver.finish(timeout: 10)
        XCTAssertEqual(got.output.trimmingCharacters(in: .whitespacesAndNewlines), "\(count)", "every datagram arrived: \(got.error)")
        let after = try vswitch.freshStats()
        let h1 = try XCTUnwrap(after.port("h1")), h2 = try XCTUnwrap(after.port("h2")), h3 = try XCTUnwrap(after.port("h3"))
        let h1Before = try XCTUnwrap(before.port("h1")), h2Before = try XCTUnwrap(before.port("h2")), h3Before = try XCTUnwrap(before.port("h3"))
        XCTAssertEqual(h1.rxPackets - h1Before.rxPackets, UInt64(count), "the switch received exactly the datagrams h1 sent")
        XCTAssertEqual(h2.txPackets - h2Before.txPackets, UInt64(count), "and sent exactly those to h2")
        XCTAssertEqual(h3.txPackets - h3Before.txPackets, 0, "nothing flooded to h3 once h2's address was learned")
        XCTAssertEqual(after.unicast - before.unicast, UInt64(count))
        XCTAssertEqual(after.flooded, before.flooded)
        // Each core counts the addresses it learned: every host's once per core that saw it.
        XCTAssertTrue((3...3 * Self.cores).contains(after.mac_addresses), "\(after.mac_addresses) addresses learned")
        XCTAssertEqual(h2.txDropped, 0)
        // Every core's loop accounted the whole window, and the datagrams took some of it.
        let window = after.uptime_seconds - before.uptime_seconds
        XCTAssertEqual(after.cores.map(\.core), Array(0..<Self.cores))
        for (core, coreBefore) in zip(after.cores, before.cores) {
            XCTAssertEqual(core.seconds - coreBefore.seconds, window, accuracy: 0.1 * window + 0.05, "core \(core.core)'s loop time")
            XCTAssertLessThanOrEqual(core.busy_seconds, core.seconds)
            XCTAssertGreaterThan(core.iterations, coreBefore.iterations, "core \(core.core) polled")
            XCTAssertLessThanOrEqual(core.busy_iterations, core.iterations)
        }
        XCTAssertGreaterThan(zip(after.cores, before.cores).map { $0.busy_seconds - $1.busy_seconds }.reduce(0, +), 0,
                             "handling the datagrams made a core busy")
    }

    func testShutdownOnSIGTERMStopsPortsAndReturnsEveryMbuf() throws {
        try topology.run(in: 1, ["ping", "-c", "2", "-i", "0.2", topology.address(3)])
        XCTAssertEqual(vswitch.stop(), 0, vswitch.log)
        let final = try vswitch.stats()
        XCTAssertTrue(vswitch.log.contains("after the 3 ports closed"), vswitch.log)
        if Self.driver == "af_packet" {
            // af_packet copies on rx and tx and holds no mbufs: the pool must be full again.
            XCTAssertEqual(final.mbufs_held_by_switch, 0, "the switch's graph released every mbuf it held")
            XCTAssertEqual(final.mbufs_in_use, 0, "af_packet ports return every mbuf when closed")
        } else {
            // af_xdp keeps transmitted mbufs until its completion ring is reaped, so a few may
            // still be in the PMD when the loop ends; never more than a transmit burst per port.
            XCTAssertLessThanOrEqual(final.mbufs_held_by_switch ?? .max, 3 * 32, "mbufs in flight in the af_xdp PMD only")
        }
        XCTAssertGreaterThanOrEqual(final.port("h1")?.rxPackets ?? 0, 2)
    }

    // Traffic programs (Python's standard library: an implementation independent of ours).
    static let tcpSink = """
        import socket, hashlib, sys
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        s.bind(("0.0.0.0", int(sys.argv[1]))); s.listen(1); c, _ = s.accept()
        h = hashlib.sha256(); n = 0
        while True:
            d = c.recv(1 << 16)
            if not d: break
            h.update(d); n += len(d)
        print(n, h.hexdigest())
        """
    static let tcpSource = """
        import socket, hashlib, sys, random
        data = random.Random(7).randbytes(int(sys.argv[3]))
        c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)
        c.sendall(data); c.shutdown(socket.SHUT_WR); c.recv(1); c.close()
        print(len(data), hashlib.sha256(data).hexdigest())
        """
    static let udpSink = """
        import socket, sys
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); s.bind(("0.0.0.0", int(sys.argv[1]))); s.settimeout(5)
        want = int(sys.argv[2]); n = 0
        try:
            while n < want:
                d, _ = s.recvfrom(2048)
                assert d == b"%06d" % n + b"x" * 100, "datagram %d corrupted or out of order" % n
                n += 1
        except socket.timeout:
            pass
        print(n)
        """
    static let udpSource = """
        import socket, sys, time
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        for i in range(int(sys.argv[3])):
            s.sendto(b"%06d" % i + b"x" * 100, (sys.argv[1], int(sys.argv[2])))
            if i % 50 == 49: time.sleep(0.002)
        """
}

/// The same end-to-end checks over `net_af_packet` (each test re-declared: XCTest on Linux
/// discovers only the methods a class declares itself).
final class AFPacketSwitchEndToEndTests: SwitchEndToEndTests {
    override class var driver: String { "af_packet" }
    override func testARPAndPingReachEveryHost() throws { try super.testARPAndPingReachEveryHost() }
    override func testTCPTransferArrivesByteExactAndIsReassembledInOrder() throws {
        try super.testTCPTransferArrivesByteExactAndIsReassembledInOrder()
    }
    override func testUDPDatagramsAreCountedExactlyAndLearningStopsFlooding() throws {
        try super.testUDPDatagramsAreCountedExactlyAndLearningStopsFlooding()
    }
    override func testShutdownOnSIGTERMStopsPortsAndReturnsEveryMbuf() throws {
        try super.testShutdownOnSIGTERMStopsPortsAndReturnsEveryMbuf()
    }
}

/// Traffic through a switch running on two cores (af_packet spreads frames over one queue per
/// core; the inspection branch shuffles each connection to one core): the transfer stays
/// byte-exact, the window on the connection's core sees the whole stream, counters stay exact.
final class TwoCoreSwitchEndToEndTests: SwitchEndToEndTests {
    override class var driver: String { "af_packet" }
    override class var cores: Int { 2 }
    override func testTCPTransferArrivesByteExactAndIsReassembledInOrder() throws {
        try super.testTCPTransferArrivesByteExactAndIsReassembledInOrder()
    }
    override func testUDPDatagramsAreCountedExactlyAndLearningStopsFlooding() throws {
        try super.testUDPDatagramsAreCountedExactlyAndLearningStopsFlooding()
    }
}
