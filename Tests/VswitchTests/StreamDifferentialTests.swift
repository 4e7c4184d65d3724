import Foundation
import NFRuntime
import XCTest

/// The runtime's `window` against tshark's "follow tcp stream" on a capture of real traffic: an
/// echo exchange between two namespaces through the switch, with nftables on the switch's
/// transmissions dropping every 20th segment and duplicating every 25th (this kernel has no
/// netem), captured by tcpdump at the receiver — so the capture holds losses, retransmissions
/// that fill holes out of order, and duplicates. Both directions reassembled by the window equal tshark's and what was sent.
final class StreamDifferentialTests: XCTestCase {
    var testbed: SwitchTestbed!

    override func setUpWithError() throws {
        testbed = try SwitchTestbed(hosts: 2, driver: "af_packet", afPacketOptions: "qdisc_bypass=0")
        for tool in ["tshark", "tcpdump", "nft"] where (try? Command.run(["which", tool]))?.status != 0 {
            let reason = "\(tool) is missing: run scripts/setup"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
    }

    override func tearDown() {
        testbed?.remove()
    }

    /// Collects each direction's bytes as the window hands them over.
    final class Collector: StreamConsumer {
        var client: [UInt8] = [], server: [UInt8] = []
        var closes: [StreamCloseReason] = []
        func open(_ flow: StreamID, midStream: Bool) {}
        func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict {
            if flow.isResponse { server += bytes } else { client += bytes }
            return .forward
        }
        func close(_ flow: StreamID, reason: StreamCloseReason) { closes.append(reason) }
    }

    func testWindowAgreesWithTsharkOnALossyCapture() throws {
        let topo = testbed.topology
        let capture = testbed.directory.appendingPathComponent("lossy.pcap").path
        // Lossy, duplicating links: as the switch transmits to each host (the kernel's egress hook
        // of the switch's veth, so the sender's TCP sees nothing and the receiver sees holes),
        // every 20th segment of the connection is dropped and every 25th sent twice (counted, not
        // random: evenly spread losses make holes every run and never a run of losses that stalls).
        let sw = topo.switchNamespace
        try Command.check(["ip", "netns", "exec", sw, "nft", "add table netdev impair"])
        for host in [1, 2] {
            let chain = "to\(host)"
            try Command.check(["ip", "netns", "exec", sw, "nft",
                               "add chain netdev impair \(chain) { type filter hook egress device \(topo.switchInterface(host)) priority 0; }"])
            for port in ["dport", "sport"] {
                try Command.check(["ip", "netns", "exec", sw, "nft", "add rule netdev impair \(chain) tcp \(port) 5003 numgen inc mod 20 7 drop"])
                try Command.check(["ip", "netns", "exec", sw, "nft",
                                   "add rule netdev impair \(chain) tcp \(port) 5003 numgen inc mod 25 3 dup to \"\(topo.switchInterface(host))\""])
            }
        }
        let dump = try Command.start(["ip", "netns", "exec", topo.namespace(2), "tcpdump", "-i", "eth0", "--immediate-mode", "-B", "65536", "-U", "-s", "0",
                                      "-w", capture, "tcp port 5003"])
        let server = try Command.start(["ip", "netns", "exec", topo.namespace(2), "python3", "-c", Self.echoServer, "5003"])
        defer { _ = server.finish(timeout: 1) }
        usleep(800_000) // tcpdump and the server are listening
        let sent = try topo.run(in: 1, ["python3", "-c", Self.echoClient, topo.address(2), "5003", "200000"], timeout: 120)
        _ = server.finish(timeout: 10)
        usleep(300_000)
        kill(dump.process.processIdentifier, SIGINT)
        _ = dump.finish(timeout: 5)
        XCTAssertTrue(sent.hasPrefix("200000 "), sent)

        // The window over the capture.
        let frames = try PcapFile.read(capture)
        let pool = MemoryPool(count: 4096, bufferSize: 2048 + MemoryPool.headroom)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        let collector = Collector()
        var limits = WindowLimits()
        limits.maxStoredSegments = 3072 // below the pool's 4096 frames, which also carry the batches
        var nf = input.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(collector, limits: limits).send(to: output)
        for f in frames {
            XCTAssertTrue(input.write(f))
            _ = nf.runOnce()
            _ = output.read()
        }
        let counters = nf.parent.counters
        XCTAssertGreaterThan(counters.outOfOrderSegments, 0, "the capture has holes filled later: \(counters)")
        XCTAssertGreaterThan(counters.duplicateBytes, 0, "and duplicates or retransmissions: \(counters)")
        XCTAssertEqual(counters.killed, 0, "real traffic raises no anomaly")

        // tshark's reassembly of the same capture.
        let follow = try Command.run(["tshark", "-r", capture, "-q", "-z", "follow,tcp,raw,0"], timeout: 60)
        XCTAssertEqual(follow.status, 0, follow.error)
        let (tsharkClient, tsharkServer) = Self.parseFollow(follow.output)
        XCTAssertEqual(tsharkClient.count, 200_000, "tshark followed the whole client stream")
        XCTAssertTrue(collector.client == tsharkClient, "client → server bytes agree with tshark (\(collector.client.count) and \(tsharkClient.count) bytes)")
        XCTAssertTrue(collector.server == tsharkServer, "server → client bytes agree with tshark (\(collector.server.count) and \(tsharkServer.count) bytes)")
        XCTAssertTrue(collector.server == collector.client, "the server echoed exactly what it got")
        XCTAssertEqual(Self.sha256(collector.client), String(sent.split(separator: " ")[1]).trimmingCharacters(in: .whitespacesAndNewlines),
                       "and that is what the client sent")
        XCTAssertEqual(collector.closes, [.finished, .finished])
    }

    /// tshark's `follow,tcp,raw` output: hex lines, the second node's indented by a tab.
    static func parseFollow(_ text: String) -> ([UInt8], [UInt8]) {
        var first: [UInt8] = [], second: [UInt8] = []
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let isSecond = line.hasPrefix("\t")
            let hex = line.trimmingCharacters(in: .whitespaces)
            guard !hex.isEmpty, hex.count % 2 == 0, hex.allSatisfy(\.isHexDigit) else { continue }
            var bytes: [UInt8] = []
            var i = hex.startIndex
            while i < hex.endIndex {
                let j = hex.index(i, offsetBy: 2)
                bytes.append(UInt8(hex[i..<j], radix: 16)!)
                i = j
            }
            if isSecond { second += bytes } else { first += bytes }
        }
        return (first, second)
    }

    static func sha256(_ bytes: [UInt8]) -> String {
        let r = try? Command.run(["sha256sum"], input: Data(bytes))
        return String(r?.output.prefix(64) ?? "")
    }

    static let echoServer = """
        import socket, sys
        l = socket.socket(); l.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        l.bind(("0.0.0.0", int(sys.argv[1]))); l.listen(1); l.settimeout(30)
        c, _ = l.accept()
        while True:
            d = c.recv(65536)
            if not d: break
            c.sendall(d)
        c.close()
        """
    static let echoClient = """
        import socket, sys, random, hashlib, threading
        data = random.Random(11).randbytes(int(sys.argv[3]))
        c = socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=30)
        def send():
            for i in range(0, len(data), 7000): c.sendall(data[i:i + 7000])
            c.shutdown(socket.SHUT_WR)
        t = threading.Thread(target=send); t.start()
        got = bytearray()
        while True:
            d = c.recv(65536)
            if not d: break
            got += d
        t.join(); c.close()
        assert bytes(got) == data, "echo differs"
        print(len(data), hashlib.sha256(data).hexdigest())
        """
}
