import NFRuntime
import XCTest

/// `TCP`: fields and flags read and written in place, header length from the data offset, and
/// checksum update/verify over the pseudo-header agreeing with the reference.
final class TCPTests: XCTestCase {
    func testFieldsFlagsAndChecksum() {
        let pool = makeCheckedPool()
        var frame = Frames(pool: pool).tcp(Array("data".utf8), seq: 0xDEAD_BEEF, ack: 0x0102_0304, flags: [.ack, .psh])
        frame.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            let ip = IPv4(at: base + 14), tcp = TCP(at: base + 34)
            XCTAssertEqual(tcp.sequenceNumber, 0xDEAD_BEEF)
            XCTAssertEqual(tcp.acknowledgmentNumber, 0x0102_0304)
            XCTAssertEqual(tcp.flags, [.ack, .psh])
            XCTAssertEqual(tcp.length, 20)
            XCTAssertTrue(tcp.checksumIsValid(network: ip, payloadLength: 4))
            tcp.flags.insert(.fin)
            tcp.window = 1024
            tcp.acknowledgmentNumber &+= 1
            XCTAssertFalse(tcp.checksumIsValid(network: ip, payloadLength: 4))
            tcp.updateChecksum(network: ip, payloadLength: 4)
            XCTAssertTrue(tcp.checksumIsValid(network: ip, payloadLength: 4))
            tcp.setLength(24)
            XCTAssertEqual(tcp.length, 24)
            tcp.setLength(20)
        }
        XCTAssertEqual(frame[47], 0x19, "FIN|PSH|ACK")
        XCTAssertEqual(Array(frame[42..<46]), [1, 2, 3, 5])
        XCTAssertEqual(Array(frame[48..<50]), [4, 0])
        XCTAssertTrue(ReferenceChecksum.transportVerifies(frame, ip: 14))
    }
}

/// The window scale option is found among other options and capped at 14 (RFC 7323).
final class TCPWindowScaleTests: XCTestCase {
    func header(options: [UInt8]) -> [UInt8] {
        var h = [UInt8](repeating: 0, count: 20) + options
        while h.count % 4 != 0 { h.append(0) }
        h[12] = UInt8(h.count / 4) << 4
        return h
    }

    func testWindowScaleIsReadFromTheOptions() {
        // MSS, SACK permitted, timestamps, NOP, window scale 7: what Linux sends on a SYN.
        var h = header(options: [2, 4, 5, 0xB4, 4, 2, 8, 10, 0, 0, 0, 1, 0, 0, 0, 0, 1, 3, 3, 7])
        XCTAssertEqual(h.withUnsafeMutableBytes { TCP(at: $0.baseAddress!).windowScale }, 7)
        h = header(options: [3, 3, 20])
        XCTAssertEqual(h.withUnsafeMutableBytes { TCP(at: $0.baseAddress!).windowScale }, 14, "capped")
        h = header(options: [2, 4, 5, 0xB4])
        XCTAssertNil(h.withUnsafeMutableBytes { TCP(at: $0.baseAddress!).windowScale })
        h = header(options: [2, 40, 5, 0xB4])
        XCTAssertNil(h.withUnsafeMutableBytes { TCP(at: $0.baseAddress!).windowScale }, "a length past the header ends the walk")
    }
}
