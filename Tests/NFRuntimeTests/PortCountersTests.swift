import NFRuntime
import XCTest

/// `PortCounters`: `+` sums every counter field by field (used to total per-core counters).
final class PortCountersTests: XCTestCase {
    func testSumIsFieldByField() {
        var a = PortCounters()
        a.rxPackets = 1
        a.rxBytes = 100
        a.txBytes = 10
        var b = PortCounters()
        b.rxPackets = 2
        b.txPackets = 4
        b.txDropped = 3
        let sum = a + b
        XCTAssertEqual([sum.rxPackets, sum.rxBytes, sum.txPackets, sum.txBytes, sum.txDropped], [3, 100, 4, 10, 3])
        XCTAssertEqual(sum + PortCounters(), sum)
    }
}
