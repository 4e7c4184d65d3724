import NFRuntime
import XCTest

/// `VLAN`: the 12-bit id, 3-bit priority and inner ethertype of an 802.1Q tag, read and written
/// in place; setting the id keeps the priority bits.
final class VLANTests: XCTestCase {
    func testTagFields() {
        var tag: [UInt8] = [0xA0, 0x64, 0x08, 0x00] // priority 5, id 100, IPv4
        tag.withUnsafeMutableBytes { raw in
            let vlan = VLAN(at: raw.baseAddress!)
            XCTAssertEqual(vlan.vlanID, 100)
            XCTAssertEqual(vlan.priority, 5)
            XCTAssertEqual(vlan.next, .etherType(Ethernet.ipv4))
            vlan.vlanID = 0xFFFF
            XCTAssertEqual(vlan.vlanID, 0x0FFF)
            XCTAssertEqual(vlan.priority, 5)
            vlan.etherType = Ethernet.ipv6
        }
        XCTAssertEqual(tag, [0xAF, 0xFF, 0x86, 0xDD])
    }
}
