import NFRuntime
import XCTest

/// The evasion suite, in the style of Ptacek & Newsham (1998) and of Suricata's and Zeek's
/// reassembly checks: each test sends one trick and asserts the stated outcome — what the
/// consumer sees (never bytes other than those the receiver ends up with), what happens to the
/// packet and the connection, and that kept memory stays within the named bounds and returns to
/// zero. Default policy: fail closed (drop, kill, resets requested).
final class WindowEvasionTests: XCTestCase {
    /// A handshake: client ISN 0, server ISN 500, each acknowledging the other; window 65535, no scaling.
    func handshake(_ h: WindowHarness) -> [[UInt8]] {
        [h.segment("", seq: 0, flags: [.syn]), h.segment("", seq: 500, ack: 1, flags: [.syn, .ack], response: true),
         h.segment("", seq: 1, ack: 501)]
    }

    /// Asserts the connection was killed for `reason`: nothing kept, resets requested.
    func assertKilled(_ h: WindowHarness, _ reason: StreamCloseReason, file: StaticString = #filePath, line: UInt = #line) {
        let closes = h.consumer.events.filter { if case .closed = $0 { true } else { false } }
        XCTAssertEqual(closes, h.consumer.opened.map { .closed(response: $0.stream.isResponse, reason) },
                       "every open direction ends with the reason", file: file, line: line)
        XCTAssertEqual(h.window.counters.killed, 1, file: file, line: line)
        XCTAssertEqual(h.window.storedSegments, 0, "nothing kept for a dead connection", file: file, line: line)
        XCTAssertEqual(h.window.bufferedBytes, 0, file: file, line: line)
        XCTAssertEqual(h.window.resets.count, 1, "resets requested for both endpoints", file: file, line: line)
    }

    func testInconsistentOverlapWithAKeptSegmentIsAnAnomaly() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send(handshake(h) + [h.segment("EVIL", seq: 5, ack: 501)])           // kept past the hole 1..<5
        let filler = h.segment("abcdBENIGN", seq: 1, ack: 501)                        // 5..<11 differs from "EVIL"
        XCTAssertEqual(h.send([filler]), [], "the conflicting packet is dropped")
        XCTAssertEqual(h.delivered(), "", "neither copy reaches the consumer")
        assertKilled(h, .anomaly(.inconsistentOverlap))
    }

    func testInconsistentOverlapTheOtherWayRoundIsAnAnomalyToo() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send(handshake(h) + [h.segment("abcdBENIGN", seq: 1, ack: 501)])       // delivered, not yet acknowledged
        let rewrite = h.segment("EVIL", seq: 5, ack: 501)
        XCTAssertEqual(h.send([rewrite]), [], "a retransmission rewriting delivered bytes is dropped")
        XCTAssertEqual(h.delivered(), "abcdBENIGN", "the consumer saw only the first copy")
        assertKilled(h, .anomaly(.inconsistentOverlap))
    }

    func testInconsistentOverlapFailsOpenWhenTheApplicationOnlyMonitors() {
        var limits = WindowLimits()
        limits.failurePolicy = .failOpen
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        _ = h.send(handshake(h) + [h.segment("abcdBENIGN", seq: 1, ack: 501)])
        let rewrite = h.segment("EVIL", seq: 5, ack: 501), more = h.segment("more", seq: 11, ack: 501)
        XCTAssertEqual(h.send([rewrite, more]), [rewrite, more], "forwarded unexamined")
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .anomaly(.inconsistentOverlap)))
        XCTAssertEqual(h.delivered(), "abcdBENIGN", "nothing after the anomaly is handed over")
        XCTAssertEqual(h.window.counters.killed, 0)
        XCTAssertEqual(h.window.resets.count, 0)
    }

    func testASegmentStartingPastTheReceiversWindowIsDroppedUndelivered() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send(handshake(h))
        let beyond = h.segment("far", seq: 1 + 65536, ack: 501)   // the server allows 1 … 1+65535
        let edge = h.segment("edge", seq: 1 + 65535, ack: 501)
        XCTAssertEqual(h.send([beyond]), [], "the receiver would drop it: so does the window")
        XCTAssertEqual(h.window.counters.beyondWindow, 1)
        XCTAssertEqual(h.window.bufferedBytes, 0, "and it keeps nothing of it")
        XCTAssertEqual(h.send([edge]), [edge], "a segment starting at the right edge is acceptable")
        XCTAssertEqual(h.window.bufferedBytes, 4)
        XCTAssertEqual(h.window.counters.killed, 0)
    }

    func testTinySegmentsReassembleExactly() {
        let text = "one byte at a time, in any order"
        let bytes = Array(text.utf8)
        let order = (0..<bytes.count).reversed()                                     // worst case: last byte first
        var limits = WindowLimits()
        limits.maxOutOfOrderSegments = bytes.count
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        _ = h.send(handshake(h) + order.map { h.segment(bytes: [bytes[$0]], seq: UInt32(1 + $0), ack: 501) })
        XCTAssertEqual(h.delivered(), text)
        XCTAssertEqual(h.window.bufferedBytes, 0)
    }

    func testAFloodOfTinyOutOfOrderSegmentsHitsItsLimit() {
        var limits = WindowLimits()
        limits.maxOutOfOrderSegments = 16
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        let flood = (0..<40).map { h.segment("x", seq: UInt32(100 + 2 * $0), ack: 501) }
        let out = h.send(handshake(h) + flood)
        XCTAssertEqual(out.count, 3 + 16, "the 17th kept segment is refused: dropped, and the rest of the flow with it")
        assertKilled(h, .limitExceeded(.outOfOrderSegments))
    }

    func testOutOfOrderFloodsAcrossFlowsAreBoundedGlobally() {
        var limits = WindowLimits()
        limits.maxStoredSegments = 24
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        for port in UInt16(40001)...40004 {
            _ = h.send((0..<8).map { h.frames.tcp(Array("y".utf8), seq: UInt32(50 + 2 * $0), sourcePort: port) })
        }
        XCTAssertLessThanOrEqual(h.window.storedSegments, 24, "never more than the table holds")
        XCTAssertTrue(h.consumer.events.contains(.closed(response: false, .limitExceeded(.storedSegments))))
        XCTAssertEqual(h.window.counters.limitsHit, 1, "only the flow that found the table full")
    }

    func testANeverFilledHoleKeepsBoundedMemoryUntilTheFlowIdlesOut() {
        var limits = WindowLimits()
        limits.idleTimeout = 1_000_000_000
        limits.maxOutOfOrderBytes = 64
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        _ = h.send(handshake(h) + (0..<6).map { h.segment(String(repeating: "z", count: 10), seq: UInt32(20 + 10 * $0), ack: 501) })
        XCTAssertEqual(h.window.bufferedBytes, 60)
        XCTAssertEqual(h.delivered(), "")
        h.window.expire(now: MonotonicClock.nanoseconds() + 2_000_000_000)
        XCTAssertEqual(h.consumer.events.suffix(2), [.closed(response: false, .idle), .closed(response: true, .idle)])
        XCTAssertEqual(h.window.bufferedBytes, 0)
        XCTAssertEqual(h.window.storedSegments, 0)
    }

    func testDataOnASYNIsStreamDataAndItsRetransmissionMustMatch() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("early", seq: 0, flags: [.syn]), h.segment("", seq: 500, ack: 1, flags: [.syn, .ack], response: true)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "early")])
        // A stack that ignored the SYN's data gets it again: it must be the same bytes.
        let same = h.segment("early", seq: 1, ack: 501), different = h.segment("LATER", seq: 1, ack: 501)
        XCTAssertEqual(h.send([same]), [same])
        XCTAssertEqual(h.send([different]), [])
        assertKilled(h, .anomaly(.inconsistentOverlap))
    }

    func testAnRSTWithDataDeliversNothingAndAWrongSequenceNumberEndsNothing() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send(handshake(h) + [h.segment("req", seq: 1, ack: 501)])
        let offWindow = h.segment("junk", seq: 2, ack: 501, flags: [.rst, .ack])    // in window, not exact: challenge ACK
        XCTAssertEqual(h.send([offWindow]), [offWindow])
        XCTAssertEqual(h.window.counters.ignoredResets, 1)
        let next = h.segment("uest", seq: 4, ack: 501)
        _ = h.send([next])
        XCTAssertEqual(h.delivered(), "request", "the stream goes on; the RST's data is not stream data")
        let exact = h.segment("junk", seq: 8, ack: 501, flags: [.rst, .ack])
        XCTAssertEqual(h.send([exact]), [exact])
        XCTAssertEqual(h.consumer.events.last, .closed(response: true, .reset))
        XCTAssertEqual(h.delivered(), "request")
        XCTAssertEqual(h.window.storedSegments, 0)
    }

    func testSegmentsWithBadChecksumsAreDroppedUndelivered() {
        var h = WindowHarness(pool: makeCheckedPool())
        var badTCP = h.segment("EVIL", seq: 1, ack: 501)
        badTCP[badTCP.count - 1] ^= 0xFF                          // payload changed, checksum not
        var badIP = h.segment("EVIL", seq: 1, ack: 501)
        badIP[Frames.ip + 8] = 1                                  // TTL changed, header checksum not
        let good = h.segment("GOOD", seq: 1, ack: 501)
        XCTAssertEqual(h.send(handshake(h) + [badTCP, badIP, good]).suffix(1), [good])
        XCTAssertEqual(h.window.counters.badChecksums, 2)
        XCTAssertEqual(h.delivered(), "GOOD", "the receiver drops the bad copies too, so it reads what the consumer read")
        XCTAssertEqual(h.window.counters.killed, 0)
    }

    func testAMidStreamPickupCannotCheckRetransmissionsOfBytesItNeverSaw() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("later", seq: 1000, ack: 7000)])
        XCTAssertEqual(h.consumer.opened.map(\.midStream), [true])
        let earlier = h.segment("earlier", seq: 993, ack: 7000)  // 993..<1000: before the pickup, not acknowledged
        XCTAssertEqual(h.send([earlier]), [])
        assertKilled(h, .anomaly(.uncheckableRetransmission))
    }

    func testAMidStreamPickupPassesRetransmissionsTheReceiverAcknowledged() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("later", seq: 1000, ack: 7000), h.segment("", seq: 7000, ack: 1005, response: true)])
        let earlier = h.segment("earlier", seq: 993, ack: 7000)
        XCTAssertEqual(h.send([earlier]), [earlier], "the receiver has these bytes: a harmless duplicate")
        XCTAssertEqual(h.window.counters.killed, 0)
    }

    func testUrgentDataIsAnAnomaly() {
        var h = WindowHarness(pool: makeCheckedPool())
        XCTAssertEqual(h.send(handshake(h) + [h.segment("!", seq: 1, ack: 501, flags: [.ack, .urg])]).count, 3)
        assertKilled(h, .anomaly(.urgentData))
    }

    func testRetransmissionsPastTheRetentionBoundCannotBeChecked() {
        var limits = WindowLimits()
        limits.maxRetainedSegments = 2
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        _ = h.send(handshake(h) + [h.segment("aa", seq: 1, ack: 501), h.segment("bb", seq: 3, ack: 501), h.segment("cc", seq: 5, ack: 501)])
        XCTAssertEqual(h.window.storedSegments, 2, "only the newest two are kept")
        XCTAssertEqual(h.send([h.segment("bb", seq: 3, ack: 501)]).count, 1, "a kept one is checked and passes")
        XCTAssertEqual(h.send([h.segment("aa", seq: 1, ack: 501)]), [])
        assertKilled(h, .anomaly(.uncheckableRetransmission))
    }

    func testAnAcknowledgmentOfBytesNeverSentReleasesNothing() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send(handshake(h) + [h.segment("abc", seq: 1, ack: 501), h.segment("", seq: 501, ack: 9999, response: true)])
        XCTAssertEqual(h.window.storedSegments, 1, "the bogus ACK did not let the delivered segment go")
        XCTAssertEqual(h.send([h.segment("XYZ", seq: 1, ack: 501)]), [])
        assertKilled(h, .anomaly(.inconsistentOverlap))
    }

    func testBytesPastTheFINAreNotStreamData() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send(handshake(h) + [h.segment("end", seq: 1, ack: 501, flags: [.fin, .ack]), h.segment("smuggled", seq: 5, ack: 501)])
        XCTAssertEqual(h.delivered(), "end")
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .finished))
    }
}
