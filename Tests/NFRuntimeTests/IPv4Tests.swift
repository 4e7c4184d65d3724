import NFRuntime
import XCTest

/// `IPv4` and `IPv4Address`: fields read and written in place in network byte order, header
/// checksum verification, fragment detection, and dotted-quad parsing that rejects bad text.
final class IPv4Tests: XCTestCase {
    func testFieldsAndChecksumInPlace() {
        let pool = makeCheckedPool()
        var frame = Frames(pool: pool).udp()
        frame.withUnsafeMutableBytes { raw in
            let ip = IPv4(at: raw.baseAddress! + 14)
            XCTAssertEqual(ip.version, 4)
            XCTAssertEqual(ip.length, 20)
            XCTAssertEqual(ip.totalLength, 32)
            XCTAssertEqual(ip.protocolNumber, IPv4.udp)
            XCTAssertEqual(ip.source, Frames.client)
            XCTAssertEqual(ip.next, .ipProtocol(IPv4.udp))
            XCTAssertTrue(ip.checksumIsValid)
            XCTAssertFalse(ip.isFragment)
            ip.destination = IPv4Address(192, 0, 2, 1)
            XCTAssertFalse(ip.checksumIsValid)
            ip.updateChecksum()
            XCTAssertTrue(ip.checksumIsValid)
            ip.flagsFragment = 0x2000
            XCTAssertTrue(ip.isFragment, "more fragments")
            ip.flagsFragment = 0x0001
            XCTAssertTrue(ip.isFragment, "non-zero offset")
            ip.flagsFragment = 0x4000
            XCTAssertFalse(ip.isFragment, "don't fragment alone")
        }
        XCTAssertEqual(Array(frame[30..<34]), [192, 0, 2, 1], "network byte order")
        XCTAssertEqual(ReferenceChecksum.ipv4HeaderChecksum(frame, ip: 14), UInt16(frame[24]) << 8 | UInt16(frame[25]))
    }

    func testAddressText() {
        XCTAssertEqual(IPv4Address("10.20.30.40"), IPv4Address(10, 20, 30, 40))
        XCTAssertEqual(IPv4Address("10.20.30.40")?.raw, 0x0A14_1E28)
        XCTAssertEqual(IPv4Address(255, 0, 1, 2).description, "255.0.1.2")
        for bad in ["", "1.2.3", "1.2.3.4.5", "1.2.3.256", "1..3.4", "a.b.c.d", "01234.1.1.1", "1.2.3.-4"] {
            XCTAssertNil(IPv4Address(bad), bad)
        }
        XCTAssertLessThan(IPv4Address(9, 255, 255, 255), IPv4Address(10, 0, 0, 0))
    }
}
