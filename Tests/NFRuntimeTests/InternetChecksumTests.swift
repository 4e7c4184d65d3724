import NFRuntime
import XCTest

/// `InternetChecksum` and `TransportChecksum`: the RFC 1071 §3 worked example, agreement with a
/// plain word-by-word reference on odd lengths and unaligned starts, RFC 1624 incremental updates
/// equal to a full recomputation, and transport checksums over the pseudo-header.
final class InternetChecksumTests: XCTestCase {
    func checksum(_ bytes: [UInt8], from start: Int = 0) -> UInt16 {
        bytes.withUnsafeBytes { InternetChecksum.finish(InternetChecksum.sum(UnsafeRawBufferPointer(rebasing: $0[start...]))) }
    }

    func testRFC1071Example() {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 sum to ddf2 (after folding the carry 2).
        let bytes: [UInt8] = [0x00, 0x01, 0xF2, 0x03, 0xF4, 0xF5, 0xF6, 0xF7]
        XCTAssertEqual(checksum(bytes), ~0xDDF2)
        XCTAssertEqual(checksum(bytes), 0x220D)
    }

    func testAgreesWithTheReferenceOnAnyLengthAndAlignment() {
        var generator = SystemRandomNumberGenerator()
        for length in [0, 1, 2, 3, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1499, 1500] {
            for start in 0..<3 {
                let bytes = (0..<start + length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                XCTAssertEqual(checksum(bytes, from: start), ~ReferenceChecksum.sum(bytes[start...]),
                               "length \(length) starting at offset \(start)")
            }
        }
    }

    func testAllOnesWordsDoNotLoseCarries() {
        let bytes = [UInt8](repeating: 0xFF, count: 4096)
        XCTAssertEqual(checksum(bytes), ~ReferenceChecksum.sum(bytes[...]))
    }

    func testInitialSumIsAddedIn() {
        let bytes: [UInt8] = [0x12, 0x34, 0x56, 0x78]
        let withInitial = bytes.withUnsafeBytes { InternetChecksum.finish(InternetChecksum.sum($0, initial: 0x1111)) }
        XCTAssertEqual(withInitial, ~ReferenceChecksum.sum(bytes[...], initial: 0x1111))
    }

    func testIncrementalAdjustEqualsFullRecompute() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            var words = (0..<10).map { _ in UInt16.random(in: 0...0xFFFF, using: &generator) }
            words[5] = 0 // the checksum field
            let bytes = { (w: [UInt16]) in w.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] } }
            let before = checksum(bytes(words))
            let index = [0, 1, 2, 3, 4, 6, 7, 8, 9].randomElement(using: &generator)!
            let old = words[index]
            words[index] = UInt16.random(in: 0...0xFFFF, using: &generator)
            XCTAssertEqual(InternetChecksum.adjust(before, old: old, new: words[index]), checksum(bytes(words)),
                           "word \(index) changed from \(old) to \(words[index])")
        }
    }

    /// Runs `TransportChecksum` on the UDP datagram of an untagged frame: verify, then (if
    /// `rewrite`) recompute into the checksum field.
    func transportChecksum(_ frame: inout [UInt8], ipv6: Bool, rewrite: Bool) -> Bool {
        let transport = ipv6 ? 54 : 34
        return frame.withUnsafeMutableBytes { raw in
            let base = raw.baseAddress!
            let length = raw.count - transport
            func verify() -> Bool {
                ipv6 ? TransportChecksum.verify(network: IPv6(at: base + 14), transport: base + transport, length: length)
                     : TransportChecksum.verify(network: IPv4(at: base + 14), transport: base + transport, length: length)
            }
            let verified = verify()
            if rewrite {
                base.storeBytes(of: 0, toByteOffset: transport + 6, as: UInt16.self)
                let c = ipv6 ? TransportChecksum.compute(network: IPv6(at: base + 14), transport: base + transport, length: length)
                             : TransportChecksum.compute(network: IPv4(at: base + 14), transport: base + transport, length: length)
                base.storeBytes(of: c.bigEndian, toByteOffset: transport + 6, as: UInt16.self)
            }
            return verified
        }
    }

    func testTransportChecksumComputesAndVerifiesOverThePseudoHeader() {
        let pool = makeCheckedPool(count: 2)
        let frames = Frames(pool: pool)
        for ipv6 in [false, true] {
            var frame = frames.udp(Array("checksum me".utf8), ipv6: ipv6)
            XCTAssertTrue(transportChecksum(&frame, ipv6: ipv6, rewrite: false), "Packetizer's checksum verifies")
            frame[frame.count - 1] ^= 0x40
            XCTAssertFalse(transportChecksum(&frame, ipv6: ipv6, rewrite: true), "a flipped payload bit is caught")
            XCTAssertTrue(ReferenceChecksum.transportVerifies(frame, ip: 14), "the recomputed checksum is right (\(ipv6 ? "IPv6" : "IPv4"))")
            XCTAssertTrue(transportChecksum(&frame, ipv6: ipv6, rewrite: false))
        }
    }
}
