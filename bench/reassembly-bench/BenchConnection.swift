import NFRuntime

/// One TCP connection's frames, built once in memory: handshake, `bytes` of client data in
/// 1448-byte segments with the server's ACK after every second one (as delayed ACKs come), and
/// both FINs. `reorderEvery` swaps every Nth data segment with the next. Frames carry valid
/// checksums; `renumber(port:)` moves them to a new connection between passes.
final class BenchConnection {
    static let mss = 1448
    let pool: MemoryPool
    private(set) var frames: [PacketBuffer] = []
    /// Where each data segment's payload is, in stream order (for the memcpy baseline).
    private var payloads: [(UnsafeRawPointer, Int)] = []
    let payloadBytes: Int
    private(set) var dataSegments = 0, ackSegments = 0

    init(bytes: Int, reorderEvery: Int) {
        payloadBytes = bytes
        let count = bytes / Self.mss + 8 + bytes / Self.mss / 2
        pool = MemoryPool(count: count + 64)
        let client = IPv4Address(10, 9, 0, 1), server = IPv4Address(10, 9, 0, 2)
        var packetizer = Packetizer(allocator: pool)
        let clientISN: UInt32 = 0xFFF0_0000, serverISN: UInt32 = 7  // the client's sequence numbers wrap
        func template(_ seq: UInt32, _ ack: UInt32, _ flags: TCP.Flags, response: Bool = false) -> SegmentTemplate {
            let t = SegmentTemplate(sourceMAC: MACAddress(raw: 0x02_00_00_00_00_01), destinationMAC: MACAddress(raw: 0x02_00_00_00_00_02),
                                    network: .ipv4(source: client, destination: server), sourcePort: 20_000, destinationPort: 80,
                                    transport: .tcp(sequence: seq, acknowledgment: ack, flags: flags, window: 65535))
            return response ? t.reversed(transport: .tcp(sequence: seq, acknowledgment: ack, flags: flags, window: 65535)) : t
        }
        func frame(_ payload: UnsafeRawBufferPointer, _ t: SegmentTemplate) -> PacketBuffer {
            var t = t
            return packetizer.frame(payload, template: &t)!
        }
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        var data = (0..<Self.mss).map { UInt8(truncatingIfNeeded: $0 &* 31) }
        frames.append(frame(empty, template(clientISN, 0, [.syn])))
        frames.append(frame(empty, template(serverISN, clientISN &+ 1, [.syn, .ack], response: true)))
        var segments: [PacketBuffer] = []
        var offset = 0
        while offset < bytes {
            let n = min(Self.mss, bytes - offset)
            data[0] = UInt8(truncatingIfNeeded: offset / Self.mss)
            let seq = clientISN &+ 1 &+ UInt32(truncatingIfNeeded: offset)
            segments.append(data.withUnsafeBytes { frame(UnsafeRawBufferPointer(rebasing: $0[0..<n]), template(seq, serverISN &+ 1, [.ack])) })
            offset += n
        }
        dataSegments = segments.count
        let headers = 14 + 20 + 20
        payloads = segments.map { (UnsafeRawPointer($0.data + headers), Int($0.length) - headers) }
        if reorderEvery > 0 {
            for i in stride(from: reorderEvery - 1, to: segments.count - 1, by: reorderEvery) { segments.swapAt(i, i + 1) }
        }
        var acked = 0
        for (i, s) in segments.enumerated() {
            frames.append(s)
            if i % 2 == 1 {
                acked += 2 * Self.mss
                let ack = clientISN &+ 1 &+ UInt32(truncatingIfNeeded: min(acked, bytes))
                frames.append(frame(empty, template(serverISN &+ 1, ack, [.ack], response: true)))
                ackSegments += 1
            }
        }
        let end = clientISN &+ 1 &+ UInt32(truncatingIfNeeded: bytes)
        frames.append(frame(empty, template(end, serverISN &+ 1, [.fin, .ack])))
        frames.append(frame(empty, template(serverISN &+ 1, end &+ 1, [.fin, .ack], response: true)))
    }

    deinit {
        for f in frames { f.release() }
    }

    /// Moves every frame to client port `port` (a new connection), checksums fixed.
    func renumber(port: UInt16) {
        for f in frames {
            let ip = IPv4(at: f.data + 14), tcp = TCP(at: f.data + 34)
            if ip.source == IPv4Address(10, 9, 0, 1) { tcp.sourcePort = port } else { tcp.destinationPort = port }
            tcp.updateChecksum(network: ip, payloadLength: Int(f.length) - 54)
        }
    }

    /// The baseline: copies every data segment's payload into `destination`, in stream order.
    func copyPayloads(to destination: UnsafeMutableRawPointer) {
        var at = 0
        for (p, n) in payloads {
            destination.advanced(by: at).copyMemory(from: p, byteCount: n)
            at += n
        }
    }
}
