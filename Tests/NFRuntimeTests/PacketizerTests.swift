import NFRuntime
import XCTest

/// `Packetizer`: bytes behind a `SegmentTemplate` become well-formed frames — every header field
/// where it belongs, IPv4 header and TCP/UDP checksums verified by an independent reference,
/// sequence numbers advancing by payload (and SYN/FIN), segments cut at the MSS and resumed
/// when a batch fills or the pool runs dry, and the RST pair carrying the sequence numbers each
/// receiver expects.
final class PacketizerTests: XCTestCase {
    func be16(_ f: [UInt8], _ i: Int) -> UInt16 { UInt16(f[i]) << 8 | UInt16(f[i + 1]) }
    func be32(_ f: [UInt8], _ i: Int) -> UInt32 { UInt32(be16(f, i)) << 16 | UInt32(be16(f, i + 2)) }

    func testSegmentsCarryTheBytesWithAdvancingSequenceNumbersAndValidChecksums() {
        let pool = makeCheckedPool()
        var packetizer = Packetizer(allocator: pool)
        var template = Frames.template(sourcePort: 4321, destinationPort: 80, sequence: 0xFFFF_FC00, acknowledgment: 77,
                                       flags: [.ack, .psh], ttl: 33)
        let bytes = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let batch = PacketBatch()
        let done = bytes.withUnsafeBytes { packetizer.segments(of: $0, template: &template, mss: 1000, into: batch) }
        XCTAssertEqual(done, 3000)
        XCTAssertEqual(batch.count, 3)
        var frames: [[UInt8]] = []
        batch.drain { slot in
            frames.append(Array(slot.buffer.bytes))
            slot.buffer.release()
        }
        XCTAssertEqual(frames.map(\.count), [1054, 1054, 1054])
        XCTAssertEqual(frames.map { be32($0, 38) }, [0xFFFF_FC00, 0xFFFF_FFE8, 0x0000_03D0], "sequence numbers wrap modulo 2^32")
        XCTAssertEqual(template.transport, .tcp(sequence: 0xFFFF_FC00 &+ 3000, acknowledgment: 77, flags: [.ack, .psh], window: 65535))
        XCTAssertEqual(frames.flatMap { $0[54...] }, bytes, "the payloads are the bytes, in order")
        for (i, f) in frames.enumerated() {
            XCTAssertEqual(Array(f[0..<6]), [2, 0, 0, 0, 0, 2], "destination MAC")
            XCTAssertEqual(Array(f[6..<12]), [2, 0, 0, 0, 0, 1], "source MAC")
            XCTAssertEqual(be16(f, 12), 0x0800)
            XCTAssertEqual(f[14], 0x45)
            XCTAssertEqual(be16(f, 16), 1040, "IPv4 total length")
            XCTAssertEqual(be16(f, 18), UInt16(1 + i), "identification advances per datagram")
            XCTAssertEqual(be16(f, 20), 0x4000, "don't fragment")
            XCTAssertEqual(f[22], 33)
            XCTAssertEqual(f[23], IPv4.tcp)
            XCTAssertEqual(Array(f[26..<34]), [10, 0, 0, 1, 10, 0, 0, 2])
            XCTAssertEqual([be16(f, 34), be16(f, 36)], [4321, 80])
            XCTAssertEqual(be32(f, 42), 77, "acknowledgment")
            XCTAssertEqual(f[46], 0x50, "20-byte TCP header")
            XCTAssertEqual(f[47], TCP.Flags([.ack, .psh]).rawValue)
            XCTAssertEqual(be16(f, 48), 65535)
            XCTAssertEqual(be16(f, 52), 0, "urgent pointer")
            XCTAssertTrue(ReferenceChecksum.ipv4HeaderVerifies(f, ip: 14), "segment \(i) IPv4 header checksum")
            XCTAssertTrue(ReferenceChecksum.transportVerifies(f, ip: 14), "segment \(i) TCP checksum")
        }
        XCTAssertEqual(packetizer.nextIdentification, 4)
    }

    func testSYNAndFINEachTakeASequenceNumberAndAckNeedsTheFlag() {
        let pool = makeCheckedPool()
        var packetizer = Packetizer(allocator: pool)
        var syn = Frames.template(sequence: 100, acknowledgment: 999, flags: [.syn])
        let frame = packetizer.frame(UnsafeRawBufferPointer(start: nil, count: 0), template: &syn)!
        let bytes = Array(frame.bytes)
        frame.release()
        XCTAssertEqual(bytes.count, 54)
        XCTAssertEqual(be32(bytes, 42), 0, "no ACK flag, no acknowledgment number")
        XCTAssertEqual(syn.transport, .tcp(sequence: 101, acknowledgment: 999, flags: [.syn], window: 65535))
        var fin = Frames.template(sequence: 500, flags: [.fin, .ack])
        let data: [UInt8] = [1, 2, 3]
        let finFrame = data.withUnsafeBytes { packetizer.frame($0, template: &fin) }!
        finFrame.release()
        XCTAssertEqual(fin.transport, .tcp(sequence: 504, acknowledgment: 0, flags: [.fin, .ack], window: 65535))
    }

    func testATemplatesSYNGoesOnTheFirstSegmentAndItsFINOnTheLast() {
        let pool = makeCheckedPool()
        var packetizer = Packetizer(allocator: pool)
        var template = Frames.template(sequence: 100, flags: [.syn, .fin, .ack])
        let bytes = [UInt8](repeating: 1, count: 250)
        let batch = PacketBatch()
        let done = bytes.withUnsafeBytes { packetizer.segments(of: $0, template: &template, mss: 100, into: batch) }
        XCTAssertEqual(done, 250)
        var segments: [(seq: UInt32, flags: UInt8)] = []
        batch.drain { slot in
            let f = Array(slot.buffer.bytes)
            segments.append((self.be32(f, 38), f[47]))
            slot.buffer.release()
        }
        let syn = TCP.Flags.syn.rawValue, fin = TCP.Flags.fin.rawValue, ack = TCP.Flags.ack.rawValue
        XCTAssertEqual(segments.map(\.flags), [syn | ack, ack, fin | ack])
        XCTAssertEqual(segments.map(\.seq), [100, 201, 301], "SYN takes one number, then 100 bytes each")
        guard case .tcp(let next, _, let flags, _) = template.transport else { return XCTFail("TCP template") }
        XCTAssertEqual(next, 100 + 1 + 250 + 1, "past SYN, the bytes and FIN")
        XCTAssertEqual(flags, [.syn, .fin, .ack], "the template keeps its flags for the next message")
    }

    func testTaggedIPv6UDP() {
        let pool = makeCheckedPool()
        var packetizer = Packetizer(allocator: pool)
        var template = Frames.template(tcp: false, ipv6: true, vlan: 0x1ABC, sourcePort: 546, destinationPort: 547, ttl: 5)
        XCTAssertEqual(template.headerLength, 14 + 4 + 40 + 8)
        let payload = Array("dhcpv6".utf8)
        let buffer = payload.withUnsafeBytes { packetizer.frame($0, template: &template) }!
        let f = Array(buffer.bytes)
        buffer.release()
        XCTAssertEqual(f.count, 66 + payload.count)
        XCTAssertEqual(be16(f, 12), 0x8100)
        XCTAssertEqual(be16(f, 14), 0x0ABC, "the VLAN id keeps 12 bits")
        XCTAssertEqual(be16(f, 16), 0x86DD)
        XCTAssertEqual(be32(f, 18), 0x6000_0000, "version 6, no traffic class or flow label")
        XCTAssertEqual(be16(f, 22), UInt16(8 + payload.count), "payload length")
        XCTAssertEqual(f[24], IPv4.udp)
        XCTAssertEqual(f[25], 5, "hop limit")
        XCTAssertEqual(Array(f[26..<42]), [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [1])
        XCTAssertEqual(Array(f[42..<58]), [0x20, 0x01, 0x0D, 0xB8] + [UInt8](repeating: 0, count: 11) + [2])
        XCTAssertEqual([be16(f, 58), be16(f, 60), be16(f, 62)], [546, 547, UInt16(8 + payload.count)])
        XCTAssertEqual(Array(f[66...]), payload)
        XCTAssertTrue(ReferenceChecksum.transportVerifies(f, ip: 18))
        XCTAssertEqual(template.transport, .udp)
    }

    func testUDPChecksumOfZeroIsSentAsAllOnes() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let probe = frames.udp([0, 0])
        // Make the payload word equal the checksum of the zero payload: the sum becomes 0xFFFF.
        let zeroing = frames.udp([probe[40], probe[41]])
        XCTAssertEqual(be16(zeroing, 40), 0xFFFF, "RFC 768: a computed 0 is transmitted as all ones")
        XCTAssertTrue(ReferenceChecksum.transportVerifies(zeroing, ip: 14))
    }

    func testAFullBatchStopsSegmentationAndItResumes() {
        let pool = makeCheckedPool()
        var packetizer = Packetizer(allocator: pool)
        var template = Frames.template(sequence: 1)
        let bytes = [UInt8](repeating: 0x5A, count: 450)
        let batch = PacketBatch(capacity: 2)
        var sequences: [UInt32] = []
        var offset = 0
        while offset < bytes.count {
            offset += bytes.withUnsafeBytes { packetizer.segments(of: UnsafeRawBufferPointer(rebasing: $0[offset...]), template: &template, mss: 100, into: batch) }
            batch.drain { slot in
                sequences.append(self.be32(Array(slot.buffer.bytes), 38))
                slot.buffer.release()
            }
        }
        XCTAssertEqual(sequences, [1, 101, 201, 301, 401])
    }

    func testExhaustedPoolOrOversizeFrameMakesNothingAndKeepsTheTemplate() {
        let pool = makeCheckedPool(count: 1)
        var packetizer = Packetizer(allocator: pool)
        var template = Frames.template(sequence: 10)
        let tooBig = [UInt8](repeating: 0, count: 2048 - 54 + 1)
        XCTAssertNil(tooBig.withUnsafeBytes { packetizer.frame($0, template: &template) })
        XCTAssertEqual(pool.inUse, 0, "the buffer went back")
        let held = pool.allocate()!
        let batch = PacketBatch()
        XCTAssertEqual([1, 2, 3].withUnsafeBytes { packetizer.segments(of: $0, template: &template, mss: 100, into: batch) }, 0)
        XCTAssertTrue(batch.isEmpty)
        XCTAssertEqual(template.transport, .tcp(sequence: 10, acknowledgment: 0, flags: [.ack], window: 65535),
                       "nothing sent, nothing consumed")
        held.release()
    }

    func testResetsCarryTheSequenceNumbersEachReceiverExpects() {
        let pool = makeCheckedPool()
        var packetizer = Packetizer(allocator: pool)
        let template = Frames.template(sourcePort: 40000, destinationPort: 8080, sequence: 1, flags: [.ack])
        let (toServer, toClient) = packetizer.resets(template: template, clientNext: 0x1111_2222, serverNext: 0xAAAA_BBBB)
        let s = Array(toServer!.bytes), c = Array(toClient!.bytes)
        toServer?.release()
        toClient?.release()
        XCTAssertEqual(Array(s[26..<34]), [10, 0, 0, 1, 10, 0, 0, 2], "client → server")
        XCTAssertEqual([be16(s, 34), be16(s, 36)], [40000, 8080])
        XCTAssertEqual(be32(s, 38), 0x1111_2222, "the server's RCV.NXT")
        XCTAssertEqual(be32(s, 42), 0xAAAA_BBBB)
        XCTAssertEqual(Array(c[0..<12]), [2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2], "to the client's MAC, from the server's")
        XCTAssertEqual(Array(c[26..<34]), [10, 0, 0, 2, 10, 0, 0, 1], "server → client")
        XCTAssertEqual([be16(c, 34), be16(c, 36)], [8080, 40000])
        XCTAssertEqual(be32(c, 38), 0xAAAA_BBBB, "the client's RCV.NXT")
        XCTAssertEqual(be32(c, 42), 0x1111_2222)
        for f in [s, c] {
            XCTAssertEqual(f.count, 54, "no payload")
            XCTAssertEqual(f[47], TCP.Flags([.rst, .ack]).rawValue)
            XCTAssertEqual(be16(f, 48), 0, "window 0")
            XCTAssertTrue(ReferenceChecksum.ipv4HeaderVerifies(f, ip: 14))
            XCTAssertTrue(ReferenceChecksum.transportVerifies(f, ip: 14))
        }
    }
}
