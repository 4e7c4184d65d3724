import NFRuntime

/// Frames for the runtime tests, made by the runtime's own `Packetizer` from `SegmentTemplate`s
/// (right lengths and checksums, which `PacketizerTests` checks independently), plus constants
/// for the byte offsets tests edit to make malformed frames.
struct Frames {
    static let clientMAC = MACAddress(raw: 0x02_00_00_00_00_01)
    static let serverMAC = MACAddress(raw: 0x02_00_00_00_00_02)
    static let client = IPv4Address(10, 0, 0, 1)
    static let server = IPv4Address(10, 0, 0, 2)
    static let client6: UInt128 = 0x2001_0DB8_0000_0000_0000_0000_0000_0001
    static let server6: UInt128 = 0x2001_0DB8_0000_0000_0000_0000_0000_0002

    /// Where the IPv4 header and a UDP payload start in an untagged frame.
    static let ip = 14, udpPayload = 42

    /// Where frames are built (each is copied out and its buffer released at once).
    let pool: MemoryPool

    /// Headers for a segment; `response` swaps addresses, MACs and ports (server → client).
    static func template(tcp: Bool = true, ipv6: Bool = false, vlan: UInt16? = nil,
                         source: IPv4Address = client, destination: IPv4Address = server,
                         sourcePort: UInt16 = 40000, destinationPort: UInt16 = 80,
                         sequence: UInt32 = 1000, acknowledgment: UInt32 = 0, flags: TCP.Flags = [.ack],
                         ttl: UInt8 = 64, response: Bool = false) -> SegmentTemplate {
        let transport: SegmentTemplate.Transport = tcp
            ? .tcp(sequence: sequence, acknowledgment: acknowledgment, flags: flags, window: 65535) : .udp
        let network: SegmentTemplate.Network = ipv6 ? .ipv6(source: client6, destination: server6)
                                                    : .ipv4(source: source, destination: destination)
        let t = SegmentTemplate(sourceMAC: clientMAC, destinationMAC: serverMAC, vlanID: vlan, network: network,
                                sourcePort: sourcePort, destinationPort: destinationPort, transport: transport, ttl: ttl)
        return response ? t.reversed(transport: transport) : t
    }

    /// The frame `Packetizer` makes for `payload` behind `template`.
    func make(_ payload: [UInt8], _ template: SegmentTemplate) -> [UInt8] {
        var t = template
        var packetizer = Packetizer(allocator: pool)
        let buffer = payload.withUnsafeBytes { packetizer.frame($0, template: &t) }!
        defer { buffer.release() }
        return Array(buffer.bytes)
    }

    /// A TCP segment over IPv4, client → server unless `response`.
    func tcp(_ payload: [UInt8] = [], seq: UInt32 = 1000, ack: UInt32 = 0, flags: TCP.Flags = [.ack],
             sourcePort: UInt16 = 40000, destinationPort: UInt16 = 80, response: Bool = false) -> [UInt8] {
        make(payload, Frames.template(sourcePort: sourcePort, destinationPort: destinationPort, sequence: seq,
                                      acknowledgment: ack, flags: flags, response: response))
    }

    /// A UDP datagram over IPv4 (or IPv6), optionally VLAN-tagged.
    func udp(_ payload: [UInt8] = [1, 2, 3, 4], source: IPv4Address = client, destination: IPv4Address = server,
             sourcePort: UInt16 = 5000, destinationPort: UInt16 = 53, ipv6: Bool = false, vlan: UInt16? = nil) -> [UInt8] {
        make(payload, Frames.template(tcp: false, ipv6: ipv6, vlan: vlan, source: source, destination: destination,
                                      sourcePort: sourcePort, destinationPort: destinationPort))
    }

    /// A broadcast ARP request (ethertype 0x0806), padded to the Ethernet minimum.
    static let arp: [UInt8] = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02, 0, 0, 0, 0, 1, 0x08, 0x06,
                               0, 1, 8, 0, 6, 4, 0, 1, 2, 0, 0, 0, 0, 1, 10, 0, 0, 1,
                               0, 0, 0, 0, 0, 0, 10, 0, 0, 2] + Array(repeating: 0, count: 18)

    /// Rewrites the header checksum of the IPv4 header at `ip` after a hand edit.
    static func fixIPv4Checksum(_ frame: inout [UInt8], ip: Int = Frames.ip) {
        let c = ReferenceChecksum.ipv4HeaderChecksum(frame, ip: ip)
        frame[ip + 10] = UInt8(c >> 8)
        frame[ip + 11] = UInt8(c & 0xFF)
    }
}

extension BatchRunnable {
    /// Runs batches until `port` has nothing left to receive; returns the packets handled.
    @discardableResult
    mutating func drain(_ port: MemoryPort) -> Int {
        var handled = 0
        while port.pendingCount > 0 { handled += runOnce() }
        return handled
    }
}
