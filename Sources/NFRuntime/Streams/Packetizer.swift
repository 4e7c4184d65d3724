/// `packetize`'s engine: bytes plus a `SegmentTemplate` become well-formed frames — lengths,
/// IPv4 header checksum, TCP/UDP checksums over the pseudo-header, and TCP sequence numbers that
/// advance segment by segment (thesis ch. 3.1.1).
public struct Packetizer<Allocator: BufferAllocator> {
    public let allocator: Allocator
    /// IPv4 identification for the next datagram.
    public var nextIdentification: UInt16 = 1

    public init(allocator: Allocator) { self.allocator = allocator }

    /// Makes one frame carrying `payload` (which must fit `mss`-sized segments: see `segments`).
    /// For TCP, advances the template's sequence number past the payload (and past SYN/FIN).
    /// Returns nil when the allocator is exhausted or the frame does not fit a buffer.
    public mutating func frame(_ payload: UnsafeRawBufferPointer, template: inout SegmentTemplate) -> PacketBuffer? {
        guard var buffer = allocator.allocate() else { return nil }
        let total = template.headerLength + payload.count
        guard total <= Int(UInt16.max), buffer.extend(by: total) else {
            buffer.release()
            return nil
        }
        let base = buffer.data
        let eth = Ethernet(at: base)
        eth.destination = template.destinationMAC
        eth.source = template.sourceMAC
        var offset = 14
        if let vlan = template.vlanID {
            eth.etherType = Ethernet.vlan
            let tag = VLAN(at: base + offset)
            tag.tci = vlan & 0x0FFF
            tag.etherType = template.isIPv6 ? Ethernet.ipv6 : Ethernet.ipv4
            offset += 4
        } else {
            eth.etherType = template.isIPv6 ? Ethernet.ipv6 : Ethernet.ipv4
        }
        let transportLength = (template.isTCP ? 20 : 8) + payload.count
        let proto = template.isTCP ? IPv4.tcp : IPv4.udp
        let ipOffset = offset
        switch template.network {
        case .ipv4(let s, let d):
            let ip = IPv4(at: base + offset)
            base.storeBytes(of: 0x45, toByteOffset: offset, as: UInt8.self)
            ip.dscpECN = 0
            ip.totalLength = UInt16(20 + transportLength)
            ip.identification = nextIdentification
            nextIdentification &+= 1
            ip.flagsFragment = 0x4000 // don't fragment
            ip.ttl = template.ttl
            ip.protocolNumber = proto
            ip.source = s
            ip.destination = d
            ip.updateChecksum()
            offset += 20
        case .ipv6(let s, let d):
            let ip = IPv6(at: base + offset)
            base.storeBytes(of: UInt32(6 << 28).bigEndian, toByteOffset: offset, as: UInt32.self)
            ip.payloadLength = UInt16(transportLength)
            ip.nextHeader = proto
            ip.hopLimit = template.ttl
            (base + offset + 8).storeBytes(of: s.bigEndian, as: UInt128.self)
            (base + offset + 24).storeBytes(of: d.bigEndian, as: UInt128.self)
            offset += 40
        }
        if payload.count > 0 {
            (base + offset + (template.isTCP ? 20 : 8)).copyMemory(from: payload.baseAddress!, byteCount: payload.count)
        }
        switch template.transport {
        case .tcp(let seq, let ack, let flags, let window):
            let tcp = TCP(at: base + offset)
            tcp.sourcePort = template.sourcePort
            tcp.destinationPort = template.destinationPort
            tcp.sequenceNumber = seq
            tcp.acknowledgmentNumber = flags.contains(.ack) ? ack : 0
            tcp.setLength(20)
            tcp.flags = flags
            tcp.window = window
            tcp.urgentPointer = 0
            tcp.checksum = 0
            tcp.checksum = checksum(template, ipAt: base + ipOffset, transport: base + offset, length: transportLength)
            let consumed = UInt32(payload.count) + (flags.contains(.syn) ? 1 : 0) + (flags.contains(.fin) ? 1 : 0)
            template.transport = .tcp(sequence: seq &+ consumed, acknowledgment: ack, flags: flags, window: window)
        case .udp:
            let udp = UDP(at: base + offset)
            udp.sourcePort = template.sourcePort
            udp.destinationPort = template.destinationPort
            udp.datagramLength = UInt16(transportLength)
            udp.checksum = 0
            let c = checksum(template, ipAt: base + ipOffset, transport: base + offset, length: transportLength)
            udp.checksum = c == 0 ? 0xFFFF : c
        }
        return buffer
    }

    private func checksum(_ t: SegmentTemplate, ipAt ip: UnsafeMutableRawPointer, transport: UnsafeMutableRawPointer, length: Int) -> UInt16 {
        t.isIPv6 ? TransportChecksum.compute(network: IPv6(at: ip), transport: transport, length: length)
                 : TransportChecksum.compute(network: IPv4(at: ip), transport: transport, length: length)
    }

    /// Cuts `bytes` into segments of at most `mss` payload bytes and appends their frames to
    /// `batch` until it is full. Returns how many bytes were packetized (resume from there).
    /// The template's SYN goes on the first segment of `bytes` only, its FIN on the last only.
    public mutating func segments(of bytes: UnsafeRawBufferPointer, template: inout SegmentTemplate, mss: Int,
                                  into batch: PacketBatch) -> Int {
        precondition(mss > 0)
        var done = 0
        repeat {
            guard !batch.isFull else { break }
            let n = min(mss, bytes.count - done)
            // A template's SYN belongs to the first segment and its FIN to the last only.
            var segment = template
            if case .tcp(let seq, let ack, let flags, let window) = template.transport {
                var f = flags
                if done > 0 { f.remove(.syn) }
                if done + n < bytes.count { f.remove(.fin) }
                segment.transport = .tcp(sequence: seq, acknowledgment: ack, flags: f, window: window)
            }
            guard let frame = frame(UnsafeRawBufferPointer(rebasing: bytes[done..<done + n]), template: &segment) else { break }
            if case .tcp(let next, _, _, _) = segment.transport, case .tcp(_, let ack, let flags, let window) = template.transport {
                template.transport = .tcp(sequence: next, acknowledgment: ack, flags: flags, window: window)
            }
            batch.append(frame, metadata: PacketMetadata())
            done += n
        } while done < bytes.count
        return done
    }

    /// The two RSTs that tear down a connection, given the next sequence number each side
    /// expects from the other (`template` is the client → server direction, its sequence the
    /// client's next, `serverNext` the server's). Each RST carries the sequence number its
    /// receiver expects, so RFC 5961 receivers accept it (not merely challenge-ACK it).
    public mutating func resets(template: SegmentTemplate, clientNext: UInt32, serverNext: UInt32) -> (toServer: PacketBuffer?, toClient: PacketBuffer?) {
        var toServer = template
        toServer.transport = .tcp(sequence: clientNext, acknowledgment: serverNext, flags: [.rst, .ack], window: 0)
        var toClient = template.reversed(transport: .tcp(sequence: serverNext, acknowledgment: clientNext, flags: [.rst, .ack], window: 0))
        let empty = UnsafeRawBufferPointer(start: nil, count: 0)
        return (frame(empty, template: &toServer), frame(empty, template: &toClient))
    }
}
