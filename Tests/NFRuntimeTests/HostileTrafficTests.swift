import NFRuntime
import XCTest

/// Hostile traffic through the whole inspection path a switch runs (parse Ethernet → IPv4 → TCP →
/// window → deparse, plus a shuffle and flow keys on every frame): frames mutated at random from
/// valid ones — truncated, lengths and offsets corrupted, flags and sequence numbers scrambled,
/// random bytes — never crash it, every frame is either forwarded or counted as dropped, and every
/// buffer returns to the pool. Seeded, so a failure reproduces.
final class HostileTrafficTests: XCTestCase {
    func testMutatedFramesNeverCrashTheInspectionPathAndNothingLeaks() {
        let pool = makeCheckedPool(count: 512)
        let frames = Frames(pool: pool)
        var random = SplitMix(state: 0x5EED)
        let input = MemoryPort(pool: pool), output = MemoryPort(pool: pool)
        let consumer = RecordingConsumer()
        consumer.verdict = { _, offset, _ in offset % 7 == 3 ? .drop : .forward }
        let exchange = ShuffleExchange(cores: 1)
        var limits = Window<Parse<Parse<Parse<Shuffle<Receive<MemoryPort>>, Ethernet>, IPv4>, TCP>, RecordingConsumer>.Limits()
        limits.maxFlows = 64
        limits.maxOutOfOrderSegments = 8
        limits.maxOutOfOrderBytes = 4096
        limits.maxStoredSegments = 128
        // Mutations break checksums; unchecked, the corrupted headers reach the reassembly logic.
        limits.verifyChecksums = false
        var nf = input.received().shuffle(exchange, core: 0)
            .parse(Ethernet.self).parse(IPv4.self).parse(TCP.self)
            .window(consumer, limits: limits)
            .deparse().deparse().deparse()
            .transform { packet in _ = packet.flowKey }
            .send(to: output)

        let seeds = (0..<8).map { i in
            frames.tcp(Array(repeating: UInt8(i), count: 20 + i * 97), seq: UInt32(truncatingIfNeeded: i &* 0x3F00_0000),
                       flags: i == 0 ? [.syn] : i == 7 ? [.fin, .ack] : [.ack, .psh], sourcePort: UInt16(40000 + i % 3))
        }
        var sent = 0, forwarded = 0
        for round in 0..<20_000 {
            var frame = seeds[Int(random.next() % UInt64(seeds.count))]
            switch random.next() % 6 {
            case 0: frame.removeLast(Int(random.next() % UInt64(frame.count)))             // truncated anywhere
            case 1: for _ in 0..<4 { frame[Int(random.next() % UInt64(frame.count))] = UInt8.random(in: 0...255, using: &random) }
            case 2: frame[14] = UInt8.random(in: 0x40...0x4F, using: &random)                // IHL 0…15
            case 3: frame[46] = UInt8.random(in: 0...255, using: &random)                    // TCP data offset
            case 4: for i in 38..<42 { frame[i] = UInt8.random(in: 0...255, using: &random) } // sequence number
            default: frame = (0..<Int(random.next() % 200)).map { _ in UInt8.random(in: 0...255, using: &random) }
            }
            input.write(frame)
            sent += 1
            if round % 32 == 31 || round == 19_999 {
                while input.pendingCount > 0 { _ = nf.runOnce() }
                forwarded += output.read().count
            }
        }
        let dropped = Int(nf.parent.parent.parent.parent.parent.counters.dropped)
            + Int(nf.parent.parent.parent.parent.parent.parent.mismatched)
            + Int(nf.parent.parent.parent.parent.parent.parent.parent.mismatched)
            + Int(nf.parent.parent.parent.parent.parent.parent.parent.parent.mismatched)
        XCTAssertEqual(forwarded + dropped, sent, "every frame was forwarded or counted as dropped")
        XCTAssertGreaterThan(forwarded, 1000, "well-formed mutations still pass")
        XCTAssertGreaterThan(dropped, 1000, "malformed ones are dropped at parse")
        XCTAssertLessThanOrEqual(nf.parent.parent.parent.parent.parent.flowCount, limits.maxFlows)
        XCTAssertLessThanOrEqual(nf.parent.parent.parent.parent.parent.storedSegments, limits.maxStoredSegments)
    }
}
