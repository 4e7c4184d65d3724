import Foundation
import NFRuntime
import XCTest

/// The switch over `net_pcap` vdev ports: a capture replayed into one port comes out of the other
/// exactly as the learning switch should send it — flooded while the destination is unknown,
/// forwarded once learned, never back out of its input port — with counters to match.
final class SwitchPcapTests: XCTestCase {
    func testReplayedCaptureIsFloodedForwardedAndFilteredAsLearned() throws {
        try EndToEndRequirements.check()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vswitch-pcap-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let a = MACAddress("02:00:00:00:00:0a")!, b = MACAddress("02:00:00:00:00:0b")!, c = MACAddress("02:00:00:00:00:0c")!
        let pool = MemoryPool(count: 16)
        var packetizer = Packetizer(allocator: pool)
        func frame(from src: MACAddress, to dst: MACAddress, _ tag: UInt8) -> [UInt8] {
            var t = SegmentTemplate(sourceMAC: src, destinationMAC: dst,
                                    network: .ipv4(source: IPv4Address(10, 77, 9, 1), destination: IPv4Address(10, 77, 9, 2)),
                                    sourcePort: 1000, destinationPort: 2000, transport: .udp)
            let buffer = [tag, tag].withUnsafeBytes { packetizer.frame($0, template: &t) }!
            defer { buffer.release() }
            return Array(buffer.bytes)
        }
        // Port 0 hears a (learned on 0), then frames to b (unknown: flood), to the broadcast
        // address (flood), and to a itself (behind port 0: filtered). Port 1 hears c, once.
        let port0In = [frame(from: a, to: b, 1), frame(from: a, to: .broadcast, 2), frame(from: c, to: a, 3)]
        try PcapFile.write(port0In, to: dir.appendingPathComponent("in0.pcap").path)
        try PcapFile.write([], to: dir.appendingPathComponent("in1.pcap").path)
        let p = dir.path
        let config = """
            eal: ["--no-huge", "-m", "128", "--no-pci", "--log-level=lib.eal:error"]
            stats_interval: 0.2
            ports:
              - {name: p0, vdev: "net_pcap0,rx_pcap=\(p)/in0.pcap,tx_pcap=\(p)/out0.pcap"}
              - {name: p1, vdev: "net_pcap1,rx_pcap=\(p)/in1.pcap,tx_pcap=\(p)/out1.pcap"}
            """
        let vswitch = try RunningSwitch(namespace: "", config: config, directory: dir)
        defer { _ = vswitch.stop() }
        try vswitch.waitUntilForwarding()
        _ = try vswitch.freshStats()
        let final: SwitchStats
        XCTAssertEqual(vswitch.stop(), 0, vswitch.log)
        final = try vswitch.stats()
        let out0 = try PcapFile.read(dir.appendingPathComponent("out0.pcap").path)
        let out1 = try PcapFile.read(dir.appendingPathComponent("out1.pcap").path)
        XCTAssertEqual(out1, [port0In[0], port0In[1]], "unknown and broadcast destinations flood to port 1, byte for byte")
        XCTAssertEqual(out0, [], "nothing goes back out of its input port; the frame to a (behind port 0) is filtered")
        XCTAssertEqual(final.port("p0")?.rxPackets, 3)
        XCTAssertEqual(final.flooded, 2)
        XCTAssertEqual(final.filtered, 1, "c → a stays on port 0")
        XCTAssertEqual(final.mac_addresses, 2, "a and c learned on port 0")
        XCTAssertEqual(final.mbufs_in_use, 0)
    }
}
