import NFRuntime
import XCTest

/// `MACAddress`: text and byte forms agree, loads and stores are in wire order, only 48 bits are
/// kept, and group addresses are recognised.
final class MACAddressTests: XCTestCase {
    func testTextBytesAndRaw() {
        let mac = MACAddress("02:1a:FF:00:0b:c3")
        XCTAssertEqual(mac, MACAddress([0x02, 0x1A, 0xFF, 0x00, 0x0B, 0xC3]))
        XCTAssertEqual(mac?.raw, 0x021A_FF00_0BC3)
        XCTAssertEqual(mac?.description, "02:1a:ff:00:0b:c3")
        for bad in ["02:1a:ff:00:0b", "02:1a:ff:00:0b:c3:11", "2:1a:ff:00:0b:c3", "zz:1a:ff:00:0b:c3"] { XCTAssertNil(MACAddress(bad), bad) }
        XCTAssertEqual(MACAddress(raw: 0xFFFF_0000_0000_0001).raw, 1, "only 48 bits")
    }

    func testLoadAndStoreInWireOrder() {
        var bytes: [UInt8] = [0xEE, 1, 2, 3, 4, 5, 6, 0xEE]
        bytes.withUnsafeMutableBytes { raw in
            XCTAssertEqual(MACAddress(at: raw.baseAddress! + 1).raw, 0x0102_0304_0506)
            MACAddress(raw: 0xA1A2_A3A4_A5A6).store(at: raw.baseAddress! + 1)
        }
        XCTAssertEqual(bytes, [0xEE, 0xA1, 0xA2, 0xA3, 0xA4, 0xA5, 0xA6, 0xEE], "neighbouring bytes untouched")
    }

    func testGroupAddresses() {
        XCTAssertTrue(MACAddress.broadcast.isGroup)
        XCTAssertTrue(MACAddress("01:00:5e:00:00:01")!.isGroup, "IPv4 multicast")
        XCTAssertFalse(MACAddress("02:00:00:00:00:01")!.isGroup)
    }
}
