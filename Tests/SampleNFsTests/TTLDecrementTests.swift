import NFRuntime
import SampleNFs
import XCTest

/// `ttlDecrement`: TTL down by one with a checksum that still verifies, run-out TTLs dropped,
/// non-IPv4 dropped, everything else untouched.
final class TTLDecrementTests: XCTestCase {
    let frames = TestFrames()

    func testDecrementsTTLAndPatchesTheChecksumIncrementally() {
        let port = MemoryPort(pool: frames.pool)
        var nf = ttlDecrement(port.received()).send(to: port)
        var sent: [[UInt8]] = []
        for ttl: UInt8 in [2, 17, 64, 128, 255] {
            for (i, source) in ["10.0.0.1", "172.16.254.3", "192.168.100.200", "255.255.255.254"].enumerated() {
                sent.append(frames.ipv4(source, "10.9.8.7", sourcePort: UInt16(1000 + i), ttl: ttl))
            }
        }
        for frame in sent { port.write(frame) }
        nf.drain(port)
        let received = port.read()
        XCTAssertEqual(received.count, sent.count)
        for (input, output) in zip(sent, received) {
            XCTAssertEqual(output[22], input[22] - 1, "TTL")
            XCTAssertEqual(TestFrames.ipv4HeaderSum(output), 0xFFFF, "IPv4 header checksum must verify")
            var expected = input
            expected[22] -= 1
            TestFrames.setIPv4Checksum(&expected)
            XCTAssertEqual(output, expected, "only TTL and checksum change")
        }
    }

    func testDropsPacketsWhoseTTLRunsOut() {
        let port = MemoryPort(pool: frames.pool)
        var nf = ttlDecrement(port.received()).send(to: port)
        for ttl: UInt8 in [1, 0, 2, 1] { port.write(frames.ipv4("10.0.0.1", "10.0.0.2", ttl: ttl)) }
        nf.drain(port)
        let received = port.read()
        XCTAssertEqual(received.map { $0[22] }, [1], "only the TTL-2 packet leaves, with TTL 1")
        XCTAssertEqual(nf.parent.parent.dropped, 3, "TTL 1 and 0 are dropped by the filter")
        XCTAssertEqual(frames.pool.inUse, 0, "dropped buffers return to the pool")
    }

    func testDropsFramesThatAreNotIPv4() {
        let port = MemoryPort(pool: frames.pool)
        var nf = ttlDecrement(port.received()).send(to: port)
        port.write(TestFrames.arp)
        port.write(frames.ipv6(source: 1, destination: 2, sourcePort: 1, destinationPort: 2))
        port.write(Array(frames.ipv4("10.0.0.1", "10.0.0.2").prefix(30)))
        nf.drain(port)
        XCTAssertTrue(port.read().isEmpty)
        XCTAssertEqual(nf.parent.parent.parent.mismatched, 3)
    }

    func testProcessesMoreThanOneBatch() {
        let port = MemoryPort(pool: frames.pool)
        var nf = ttlDecrement(port.received()).send(to: port)
        var forwarded = 0
        for round in 0..<4 {
            for i in 0..<50 { port.write(frames.ipv4("10.0.\(round).\(i)", "10.1.1.1", ttl: UInt8(1 + i % 3))) }
            nf.drain(port)
            let out = port.read()
            XCTAssertTrue(out.allSatisfy { $0[22] >= 1 && TestFrames.ipv4HeaderSum($0) == 0xFFFF })
            forwarded += out.count
        }
        XCTAssertEqual(forwarded, 4 * (0..<50).filter { $0 % 3 != 0 }.count, "TTL 1 (every third) is dropped")
        XCTAssertEqual(port.counters.txPackets, UInt64(forwarded))
    }
}
