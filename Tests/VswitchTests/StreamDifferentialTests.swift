import Foundation
import NFRuntime
import XCTest

/// The runtime's `window` against tshark's "follow tcp stream" on a capture of real traffic: an
/// echo exchange between two namespaces joined by a router namespace (kernel forwarding), where
/// nftables drops every 20th forwarded segment of the connection and duplicates every 25th
/// (this kernel has no netem). Drops in the router are invisible to the senders' TCP, so the
/// capture tcpdump takes at the receiver holds holes filled out of order by retransmissions,
/// and duplicates. Both directions reassembled by the window equal tshark's and what was sent.
final class StreamDifferentialTests: XCTestCase {
    var names: [String] = []
    var directory: URL!

    func namespace(_ role: String) -> String { "ucd\(getpid() % 100000)-\(role)" }

    override func setUpWithError() throws {
        try EndToEndRequirements.check()
        for tool in ["tshark", "tcpdump", "nft"] where (try? Command.run(["which", tool]))?.status != 0 {
            let reason = "\(tool) is missing: run scripts/setup"
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason) }
            throw XCTSkip(reason)
        }
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("stream-diff-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        // client (10.77.251.1) ── router (.254 on both subnets) ── server (10.77.252.1)
        let (client, router, server) = (namespace("c"), namespace("r"), namespace("s"))
        for ns in [client, router, server] {
            try Command.check(["ip", "netns", "add", ns])
            names.append(ns)
            try Command.check(["ip", "netns", "exec", ns, "sysctl", "-qw", "net.ipv6.conf.all.disable_ipv6=1"])
            try Command.check(["ip", "-n", ns, "link", "set", "lo", "up"])
        }
        try Command.check(["ip", "netns", "exec", router, "sysctl", "-qw", "net.ipv4.ip_forward=1"])
        for (host, subnet, side) in [(client, 251, "c"), (server, 252, "s")] {
            try Command.check(["ip", "link", "add", "eth0", "netns", host, "type", "veth", "peer", "name", "to-\(side)", "netns", router])
            try Command.check(["ip", "-n", host, "addr", "add", "10.77.\(subnet).1/24", "dev", "eth0"])
            try Command.check(["ip", "-n", router, "addr", "add", "10.77.\(subnet).254/24", "dev", "to-\(side)"])
            try Command.check(["ip", "-n", host, "link", "set", "eth0", "up"])
            try Command.check(["ip", "-n", router, "link", "set", "to-\(side)", "up"])
            try Command.check(["ip", "-n", host, "route", "add", "default", "via", "10.77.\(subnet).254"])
            // Full checksums on the wire (no offload), so the capture's segments verify.
            try Command.check(["ip", "netns", "exec", host, "ethtool", "-K", "eth0", "tx", "off"])
        }
        try Command.check(["ip", "netns", "exec", router, "nft", "add table ip impair"])
        try Command.check(["ip", "netns", "exec", router, "nft", "add chain ip impair relay { type filter hook forward priority 0; }"])
        for port in ["dport", "sport"] {
            try Command.check(["ip", "netns", "exec", router, "nft", "add rule ip impair relay tcp \(port) 5003 numgen inc mod 20 7 drop"])
        }
        try Command.check(["ip", "netns", "exec", router, "nft",
                           "add rule ip impair relay tcp dport 5003 numgen inc mod 25 3 dup to 10.77.252.1 device \"to-s\""])
    }

    override func tearDown() {
        for ns in names.reversed() { _ = try? Command.run(["ip", "netns", "del", ns]) }
        names.removeAll()
        if let directory { try? FileManager.default.removeItem(at: directory) }
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
        let capture = directory.appendingPathComponent("lossy.pcap").path
        let dump = try Command.start(["ip", "netns", "exec", namespace("s"), "tcpdump", "-i", "eth0", "--immediate-mode", "-B", "65536",
                                      "-U", "-s", "0", "-w", capture, "tcp port 5003"])
        let server = try Command.start(["ip", "netns", "exec", namespace("s"), "python3", "-c", Self.echoServer, "5003"])
        defer { _ = server.finish(timeout: 1) }
        usleep(800_000) // tcpdump and the server are listening
        let sent = try Command.check(["ip", "netns", "exec", namespace("c"), "python3", "-c", Self.echoClient, "10.77.252.1", "5003", "200000"],
                                     timeout: 120)
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
