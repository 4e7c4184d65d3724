import NFRuntime

/// The frames the bench's `net_null` ports deliver.
///
/// `net_null` (with its default `copy=0`) hands out mbufs from the pool with `data_len` set to
/// `size` and their bytes as they were left, so the bench writes a valid 64-byte
/// Ethernet/IPv4/TCP frame into every mbuf of the pool once, before the ports run. Mbuf `i` of
/// the pool carries flow `i % flowCount`: client 10.0.x.y (x.y = flow number), port
/// 1024 + flow, to 192.0.2.1 port 80, or port 22 for every fourth flow. In steady state the
/// mempool cache recycles the same few dozen mbufs, so the NFs see a few dozen flows, all hot.
/// Writes an NF makes persist into the next reception of the same mbuf; only TTL decrement
/// changes a frame for good, so its bench resets TTL on reception (`restoreTTL`), in C as well.
enum BenchTraffic {
    static let flowCount = 1024
    static let clientMAC = MACAddress(raw: 0x02_00_00_00_00_01)
    static let serverMAC = MACAddress(raw: 0x02_00_00_00_00_02)
    static let initialTTL: UInt8 = 64

    /// Flow `flow`'s headers.
    static func template(flow: Int) -> SegmentTemplate {
        SegmentTemplate(sourceMAC: clientMAC, destinationMAC: serverMAC,
                        network: .ipv4(source: IPv4Address(raw: 0x0A00_0000 | UInt32(flow)), destination: IPv4Address(192, 0, 2, 1)),
                        sourcePort: UInt16(1024 + flow), destinationPort: flow % 4 == 3 ? 22 : 80,
                        transport: .tcp(sequence: 1, acknowledgment: 1, flags: [.ack], window: 65535), ttl: initialTTL)
    }

    /// Writes a frame into every mbuf of `pool` (which must have none in use) and returns them.
    static func fill(_ pool: DPDKMbufPool) -> Int {
        var packetizer = Packetizer(allocator: pool)
        let payload = [UInt8](repeating: 0xAB, count: 64 - 54)
        var buffers: [PacketBuffer] = []
        payload.withUnsafeBytes { bytes in
            while true {
                var t = template(flow: buffers.count % flowCount)
                guard let b = packetizer.frame(bytes, template: &t) else { break }
                precondition(b.length == 64)
                buffers.append(b)
            }
        }
        for b in buffers { b.release() }
        return buffers.count
    }

    /// The bench source's step for the TTL case: sets an untagged IPv4 frame's TTL back to
    /// `initialTTL`, patching the header checksum (RFC 1624).
    @inlinable
    static func restoreTTL(_ frame: UnsafeMutableRawBufferPointer) {
        let ip = IPv4(at: frame.baseAddress! + 14)
        let proto = UInt16(ip.protocolNumber)
        let old = UInt16(ip.ttl) << 8 | proto
        ip.ttl = initialTTL
        ip.checksum = InternetChecksum.adjust(ip.checksum, old: old, new: UInt16(initialTTL) << 8 | proto)
    }
}
