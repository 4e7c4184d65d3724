import NFRuntime
import XCTest

/// Random byte streams cut into random segments (1 byte to a full MSS), reordered, duplicated,
/// re-cut into consistent overlapping retransmissions, with sequence numbers that wrap around
/// 2^32 and the receiver's ACKs in between: the delivered stream equals the original every
/// time, each packet completing bytes is the one that made them contiguous, and when the
/// connection ends every kept segment and buffer is returned. Seeded: a failure names its seed.
final class WindowPropertyTests: XCTestCase {
    struct Case {
        var stream: [UInt8]
        var isn: UInt32
        /// (first byte offset, length) of each segment, in arrival order.
        var arrivals: [(Int, Int)]
    }

    /// A stream of random length, cut, duplicated, re-cut and reordered within a few segments.
    static func makeCase(_ random: inout SplitMix) -> Case {
        let length = Int(random.next() % 30_000) + 1
        let stream = (0..<length).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        // Half the cases start within 64 KiB of the wrap.
        let isn = random.next() % 2 == 0 ? UInt32.max &- UInt32(random.next() % 65_536) : UInt32(truncatingIfNeeded: random.next())
        var cuts: [(Int, Int)] = []
        var at = 0
        while at < length {
            let size = min(length - at, random.next() % 4 == 0 ? Int(random.next() % 8) + 1 : Int(random.next() % 1460) + 1)
            cuts.append((at, size))
            at += size
        }
        var arrivals = cuts
        for _ in 0..<(cuts.count / 5 + 1) {
            let c = cuts[Int(random.next() % UInt64(cuts.count))]
            switch random.next() % 3 {
            case 0: arrivals.append(c)                                                  // duplicate
            case 1:                                                                      // overlapping re-cut
                let start = max(0, c.0 - Int(random.next() % 100))
                arrivals.append((start, min(length - start, c.1 + Int(random.next() % 200))))
            default: arrivals.append((c.0, max(1, c.1 / 2)))                            // a prefix again
            }
        }
        // Reorder: each arrival moves up to 6 places.
        var keyed = arrivals.enumerated().map { (Double($0.offset) + Double(random.next() % 7), $0.element) }
        keyed.sort { $0.0 < $1.0 }
        return Case(stream: stream, isn: isn, arrivals: keyed.map(\.1))
    }

    func testRandomSegmentationsReassembleToTheOriginalStream() {
        var limits = WindowLimits()
        limits.maxOutOfOrderSegments = 512
        limits.maxStoredSegments = 2048
        var random = SplitMix(state: 0xC0FFEE)
        for round in 0..<150 {
            let seed = random.state
            let c = Self.makeCase(&random)
            let pool = MemoryPool(count: 4096, bufferSize: 2048 + MemoryPool.headroom)
            do {
                var h = WindowHarness(pool: pool, limits: limits)
                h.consumer.verdict = { _, _, _ in .forward }
                let serverISN: UInt32 = 77
                _ = h.send([h.segment("", seq: c.isn, flags: [.syn]),
                            h.segment("", seq: serverISN, ack: c.isn &+ 1, flags: [.syn, .ack], response: true)])
                var receiverHas = 0   // the receiver's contiguous prefix: what it acknowledges
                var covered = [Bool](repeating: false, count: c.stream.count)
                for (k, (start, count)) in c.arrivals.enumerated() {
                    let bytes = Array(c.stream[start..<start + count])
                    _ = h.send([h.segment(bytes: bytes, seq: c.isn &+ 1 &+ UInt32(start), ack: serverISN &+ 1)])
                    for i in start..<start + count { covered[i] = true }
                    while receiverHas < covered.count, covered[receiverHas] { receiverHas += 1 }
                    if k % 3 == 2 {
                        _ = h.send([h.segment("", seq: serverISN &+ 1, ack: c.isn &+ 1 &+ UInt32(receiverHas), response: true)])
                    }
                }
                let end = c.isn &+ 1 &+ UInt32(c.stream.count)
                _ = h.send([h.segment("", seq: end, ack: serverISN &+ 1, flags: [.fin, .ack]),
                            h.segment("", seq: serverISN &+ 1, ack: end &+ 1, flags: [.fin, .ack], response: true)])
                var expectedOffset: UInt64 = 0
                for chunk in h.consumer.chunks {
                    XCTAssertEqual(chunk.offset, expectedOffset, "seed \(seed): offsets are contiguous")
                    expectedOffset = chunk.offset + UInt64(chunk.count)
                }
                XCTAssertEqual(h.window.counters.bytesDelivered, UInt64(c.stream.count), "seed \(seed) round \(round)")
                XCTAssertEqual(h.window.counters.killed, 0, "seed \(seed): consistent overlaps are no anomaly")
                XCTAssertEqual(h.consumer.events.last, .closed(response: true, .finished), "seed \(seed)")
                XCTAssertEqual(h.window.flowCount, 1, "seed \(seed): the ended connection lingers")
                XCTAssertEqual(h.window.storedSegments, 0, "seed \(seed): memory returns to zero")
                XCTAssertEqual(h.window.bufferedBytes, 0, "seed \(seed)")
                XCTAssertEqual(h.consumer.bytes, c.stream, "seed \(seed): the delivered stream is the original")
            }
            XCTAssertEqual(pool.inUse, 0, "seed \(seed): every frame returned")
            if pool.inUse != 0 { LeakedPools.keep(pool) }
        }
    }
}
