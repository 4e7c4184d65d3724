import NFRuntime

/// Real frames for the NF tests, made by the runtime's `Packetizer` (correct lengths and
/// checksums), plus an independent checker so tests do not trust the code under test.
struct TestFrames {
    let pool = MemoryPool(count: 64)
    static let client = MACAddress(raw: 0x02_00_00_00_00_01)
    static let server = MACAddress(raw: 0x02_00_00_00_00_02)

    /// A TCP (default) or UDP frame over IPv4.
    func ipv4(_ source: String, _ destination: String, sourcePort: UInt16 = 40000, destinationPort: UInt16 = 80,
              udp: Bool = false, ttl: UInt8 = 64, payload: [UInt8] = Array(repeating: 0xAB, count: 10)) -> [UInt8] {
        let template = SegmentTemplate(sourceMAC: TestFrames.client, destinationMAC: TestFrames.server,
                                       network: .ipv4(source: IPv4Address(source)!, destination: IPv4Address(destination)!),
                                       sourcePort: sourcePort, destinationPort: destinationPort,
                                       transport: udp ? .udp : .tcp(sequence: 1000, acknowledgment: 0, flags: [.ack], window: 65535),
                                       ttl: ttl)
        return make(payload, template)
    }

    /// A UDP frame over IPv6.
    func ipv6(source: UInt128, destination: UInt128, sourcePort: UInt16, destinationPort: UInt16) -> [UInt8] {
        let template = SegmentTemplate(sourceMAC: TestFrames.client, destinationMAC: TestFrames.server,
                                       network: .ipv6(source: source, destination: destination),
                                       sourcePort: sourcePort, destinationPort: destinationPort, transport: .udp)
        return make([1, 2, 3, 4], template)
    }

    /// An ICMP echo request over IPv4 (a UDP frame re-labelled, header checksum recomputed).
    func icmp(_ source: String, _ destination: String) -> [UInt8] {
        var frame = ipv4(source, destination, udp: true)
        frame[23] = IPv4.icmp
        TestFrames.setIPv4Checksum(&frame)
        return frame
    }

    /// An IPv4 TCP frame turned into a non-first fragment (offset 8 × 8 bytes).
    func fragment(_ source: String, _ destination: String, destinationPort: UInt16) -> [UInt8] {
        var frame = ipv4(source, destination, destinationPort: destinationPort)
        frame[20] = 0x00
        frame[21] = 0x08
        TestFrames.setIPv4Checksum(&frame)
        return frame
    }

    /// A broadcast ARP request: not IPv4.
    static let arp: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
                               0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1,
                               0, 0, 0, 0, 0, 0, 10, 0, 0, 2] + Array(repeating: 0, count: 18)

    private func make(_ payload: [UInt8], _ template: SegmentTemplate) -> [UInt8] {
        var t = template
        var packetizer = Packetizer(allocator: pool)
        let buffer = payload.withUnsafeBytes { packetizer.frame($0, template: &t) }!
        defer { buffer.release() }
        return Array(buffer.bytes)
    }

    /// RFC 1071 one's-complement sum of an untagged IPv4 frame's header, written out
    /// independently of `InternetChecksum`: 0xFFFF when the header checksum is right.
    static func ipv4HeaderSum(_ frame: [UInt8]) -> UInt16 {
        let headerLength = Int(frame[14] & 0x0F) * 4
        var sum: UInt32 = 0
        for i in stride(from: 14, to: 14 + headerLength, by: 2) { sum += UInt32(frame[i]) << 8 | UInt32(frame[i + 1]) }
        while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
        return UInt16(sum)
    }

    /// Rewrites an untagged IPv4 frame's header checksum from scratch.
    static func setIPv4Checksum(_ frame: inout [UInt8]) {
        frame[24] = 0
        frame[25] = 0
        let c = ~ipv4HeaderSum(frame)
        frame[24] = UInt8(c >> 8)
        frame[25] = UInt8(c & 0xFF)
    }
}

extension BatchRunnable {
    /// Runs batches until `port` has nothing left to receive.
    mutating func drain(_ port: MemoryPort) {
        while port.pendingCount > 0 { _ = runOnce() }
    }
}
