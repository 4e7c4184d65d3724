import Foundation
import NFRuntime
import XCTest

/// `window`'s stream model: per flow and direction, in-order bytes are delivered in place (no
/// copy), segments past a hole are kept (by reference) and delivered once it fills, the packet
/// that completes bytes gets their verdict, FIN and accepted RSTs end directions, limits are
/// named, idle and dead flows expire, and sequence numbers wrap around 2^32.
/// (Evasion cases: `WindowEvasionTests`; random streams: `WindowPropertyTests`.)
final class WindowTests: XCTestCase {
    func testInOrderBytesAreDeliveredInPlace() {
        var h = WindowHarness(pool: makeCheckedPool())
        let sent = [h.segment("", seq: 999, flags: [.syn]), h.segment("hello", seq: 1000), h.segment(" world", seq: 1005)]
        XCTAssertEqual(h.send(sent), sent, "every packet forwarded unchanged, in order")
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "hello"), .bytes(response: false, offset: 5, " world")])
        XCTAssertTrue(h.deliveredInPlace(0) && h.deliveredInPlace(1), "no copy for in-order segments")
        XCTAssertEqual(h.window.counters.segments, 3)
        XCTAssertEqual(h.window.counters.bytesDelivered, 11)
        XCTAssertEqual(h.window.flowCount, 1)
        XCTAssertEqual(h.consumer.streams.first?.connection.sourcePort, 40000, "the connection is named by its first packet")
        XCTAssertEqual(h.consumer.opened.map(\.midStream), [false], "opened after a SYN")
    }

    func testConnectionPickedUpMidStreamStartsAtItsFirstSegment() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("abc", seq: 70000), h.segment("def", seq: 70003)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abc"), .bytes(response: false, offset: 3, "def")])
        XCTAssertEqual(h.consumer.opened.map(\.midStream), [true])
    }

    func testDirectionsAreSeparateStreams() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("", seq: 500, ack: 1, flags: [.syn, .ack], response: true),
                    h.segment("GET", seq: 1, ack: 501), h.segment("200 OK", seq: 501, ack: 4, response: true), h.segment(" /", seq: 4, ack: 507)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "GET"), .bytes(response: true, offset: 0, "200 OK"),
                                           .bytes(response: false, offset: 3, " /")])
        XCTAssertEqual(h.consumer.streams.map(\.isResponse), [false, true])
        XCTAssertEqual(h.consumer.streams.last?.key.sourcePort, 80, "the response stream's key is server → client")
        XCTAssertEqual(h.window.flowCount, 1, "one connection")
    }

    func testOutOfOrderSegmentsAreKeptThenDeliveredInOrderWithoutCopies() {
        var h = WindowHarness(pool: makeCheckedPool())
        let sent = [h.segment("", seq: 0, flags: [.syn]), h.segment("aaaa", seq: 1), h.segment("cccc", seq: 9)]
        XCTAssertEqual(h.send(sent), sent, "a segment past a hole is forwarded at once")
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "aaaa")])
        XCTAssertEqual(h.window.bufferedBytes, 4)
        XCTAssertEqual(h.window.counters.outOfOrderSegments, 1)
        let fill = h.segment("bbbb", seq: 5)
        XCTAssertEqual(h.send([fill]), [fill])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "aaaa"), .bytes(response: false, offset: 4, "bbbb"),
                                           .bytes(response: false, offset: 8, "cccc")])
        XCTAssertTrue(h.deliveredInPlace(1) && h.deliveredInPlace(2), "kept segments are read from their own frames")
        XCTAssertEqual(h.window.bufferedBytes, 0)
    }

    func testRetransmittedAndOverlappingBytesAreDeliveredOnce() {
        var h = WindowHarness(pool: makeCheckedPool())
        let stream = "abcdefghijklmnop"
        func part(_ r: Range<Int>) -> [UInt8] {
            h.segment(String(stream.dropFirst(r.lowerBound).prefix(r.count)), seq: UInt32(1 + r.lowerBound))
        }
        let sent = [h.segment("", seq: 0, flags: [.syn]), part(0..<6), part(0..<6), part(3..<9)]
        XCTAssertEqual(h.send(sent).count, 4, "identical retransmissions are forwarded")
        XCTAssertEqual(h.window.counters.duplicateBytes, 6 + 3)
        _ = h.send([part(12..<16), part(10..<14), part(9..<11)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abcdef"), .bytes(response: false, offset: 6, "ghi"),
                                           .bytes(response: false, offset: 9, "jk"), .bytes(response: false, offset: 11, "lmn"),
                                           .bytes(response: false, offset: 14, "op")])
        _ = h.send([part(0..<16)])
        XCTAssertEqual(h.consumer.events.count, 5, "a full retransmission delivers nothing")
        XCTAssertEqual(h.window.bufferedBytes, 0)
        XCTAssertEqual(h.window.counters.killed, 0)
    }

    func testAcknowledgedSegmentsAreLetGo() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("", seq: 500, ack: 1, flags: [.syn, .ack], response: true),
                    h.segment("abc", seq: 1, ack: 501), h.segment("def", seq: 4, ack: 501)])
        XCTAssertEqual(h.window.storedSegments, 2, "delivered segments are kept until acknowledged")
        _ = h.send([h.segment("", seq: 501, ack: 4, response: true)])
        XCTAssertEqual(h.window.storedSegments, 1)
        _ = h.send([h.segment("", seq: 501, ack: 7, response: true)])
        XCTAssertEqual(h.window.storedSegments, 0)
        let old = h.segment("XYZ", seq: 1, ack: 501)
        XCTAssertEqual(h.send([old]), [old], "acknowledged bytes come again as harmless duplicates, whatever they hold")
        XCTAssertEqual(h.window.counters.killed, 0)
    }

    func testFINClosesEachDirectionWithFinished() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("bye", seq: 1, flags: [.fin, .ack])])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "bye"), .closed(response: false, .finished)])
        XCTAssertEqual(h.window.flowCount, 1, "the other direction is still open")
        let late = h.segment("more", seq: 5)
        XCTAssertEqual(h.send([late]), [late], "bytes past the FIN are forwarded, not stream data")
        _ = h.send([h.segment("", seq: 300, flags: [.fin, .ack], response: true)])
        XCTAssertEqual(h.consumer.events.last, .closed(response: true, .finished))
        XCTAssertEqual(h.consumer.events.count, 3)
        XCTAssertEqual(h.window.storedSegments, 0, "both directions finished: nothing is kept")
        let retransmitted = h.segment("bye", seq: 1, flags: [.fin, .ack])
        XCTAssertEqual(h.send([retransmitted]), [retransmitted], "a late retransmission is forwarded ...")
        XCTAssertEqual(h.consumer.events.count, 3, "... and is not a new stream picked up mid-way")
        XCTAssertEqual(h.window.flowCount, 1, "the ended connection lingers, as in TIME-WAIT")
        h.window.expire(now: MonotonicClock.nanoseconds() + WindowLimits().closedFlowLinger + 1)
        XCTAssertEqual(h.window.flowCount, 0, "then it is forgotten")
    }

    func testFINBeyondAHoleClosesOnlyWhenTheHoleFills() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("end", seq: 4, flags: [.fin, .ack])])
        XCTAssertEqual(h.consumer.events, [], "nothing contiguous yet")
        _ = h.send([h.segment("abc", seq: 1)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abc"), .bytes(response: false, offset: 3, "end"),
                                           .closed(response: false, .finished)])
    }

    func testAnRSTWithTheExpectedSequenceNumberEndsTheConnection() {
        var h = WindowHarness(pool: makeCheckedPool())
        let sent = [h.segment("", seq: 0, flags: [.syn]), h.segment("x", seq: 900, response: true),
                    h.segment("after a hole", seq: 950, response: true)]
        XCTAssertEqual(h.send(sent), sent)
        XCTAssertEqual(h.window.bufferedBytes, 12)
        let rst = h.segment("", seq: 901, flags: [.rst], response: true)
        XCTAssertEqual(h.send([rst]), [rst])
        XCTAssertEqual(h.window.bufferedBytes, 0, "the connection's kept bytes are discarded")
        XCTAssertEqual(h.window.storedSegments, 0)
        XCTAssertEqual(h.consumer.events, [.bytes(response: true, offset: 0, "x"), .closed(response: false, .reset),
                                           .closed(response: true, .reset)], "both directions end")
        let late = h.segment("late", seq: 902, response: true)
        XCTAssertEqual(h.send([late]), [late])
        XCTAssertEqual(h.consumer.events.count, 3, "late packets of a reset connection are not stream data")
    }

    func testAnRSTAnsweringASYNEndsTheConnection() {
        var h = WindowHarness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("", seq: 0, ack: 1, flags: [.rst, .ack], response: true)])
        XCTAssertEqual(h.consumer.events, [.closed(response: false, .reset)], "connection refused")
        let retry = h.segment("", seq: 100, flags: [.syn])
        XCTAssertEqual(h.send([retry, h.segment("hi", seq: 101)]).count, 2)
        XCTAssertEqual(h.consumer.events.last, .bytes(response: false, offset: 0, "hi"), "a new SYN starts a new connection")
    }

    func testIdleFlowsExpire() {
        var limits = WindowLimits()
        limits.idleTimeout = 10_000_000_000
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("a", seq: 1), h.segment("", seq: 50, flags: [.fin, .ack], response: true)])
        XCTAssertEqual(h.consumer.events.count, 2, "the data and the server's FIN")
        h.window.expire(now: MonotonicClock.nanoseconds())
        XCTAssertEqual(h.window.flowCount, 1, "not idle yet")
        h.window.expire(now: MonotonicClock.nanoseconds() + 11_000_000_000)
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .idle), "only the open direction is told")
        XCTAssertEqual(h.consumer.events.count, 3)
        XCTAssertEqual(h.window.flowCount, 0)
        XCTAssertEqual(h.window.storedSegments, 0)
    }

    func testBatchesAndIdlePollsSweepTimedOutFlowsWithoutATimer() {
        var limits = WindowLimits()
        // The first two packets must come within the timeout of each other: 250 ms leaves a
        // loaded CI machine room to pause between them; each sleep is past the timeout.
        limits.idleTimeout = 250_000_000
        limits.maxFlows = 8 // 16 slots: one batch of the sweep covers the table
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        _ = h.send([h.segment("a", seq: 1)])
        _ = h.send([h.frames.tcp(Array("b".utf8), seq: 1, sourcePort: 40002)])
        XCTAssertEqual(h.window.flowCount, 2)
        usleep(300_000)
        _ = h.send([h.frames.tcp(Array("c".utf8), seq: 2, sourcePort: 40002)])
        XCTAssertEqual(h.window.flowCount, 1, "a batch with packets sweeps")
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .idle))
        usleep(300_000)
        // An idle poll reads no clock; one in 64 sweeps (the clock read then).
        for _ in 0..<63 { _ = h.poll() }
        XCTAssertEqual(h.window.flowCount, 1, "idle polls between sweeps touch no flow")
        _ = h.poll()
        XCTAssertEqual(h.window.flowCount, 0, "the 64th idle poll sweeps")
    }

    func testAFullFlowTableEvictsTheLeastRecentlySeenFlow() {
        var limits = WindowLimits()
        limits.maxFlows = 2
        limits.evictionScan = 16
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        let ports: [UInt16] = [40001, 40002, 40003]
        for p in ports { _ = h.send([h.frames.tcp(Array("x".utf8), seq: 1, sourcePort: p)]) }
        XCTAssertEqual(h.window.flowCount, 2)
        XCTAssertEqual(h.window.counters.evictions, 1)
        XCTAssertEqual(h.consumer.events.filter { $0 == .closed(response: false, .evicted) }.count, 1)
        XCTAssertEqual(h.consumer.streams.first { h.consumer.events.contains(.closed(response: false, .evicted)) && $0.connection.sourcePort == 40001 }?.connection.sourcePort,
                       40001, "the oldest flow went")
    }

    func testDropVerdictDropsThePacketAndKillsTheConnection() {
        var h = WindowHarness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text.contains("BAD") ? .drop : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), ok = h.segment("ok", seq: 1, ack: 501), bad = h.segment("BAD", seq: 3, ack: 501)
        let next = h.segment("next", seq: 6), reply = h.segment("late reply", seq: 501, response: true)
        XCTAssertEqual(h.send([syn, ok, bad, next, reply]), [syn, ok], "the violation and everything after it are dropped")
        XCTAssertEqual(h.window.counters.killed, 1)
        XCTAssertEqual(h.window.counters.deadFlowDrops, 2)
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .killed))
        let request = h.window.resets.pop()
        XCTAssertEqual(request?.senderNext, 3, "the receiver expects the dropped bytes next")
        XCTAssertEqual(request?.receiverNext, 501, "the sender expects what it acknowledged")
        let rst = h.segment("", seq: 3, flags: [.rst, .ack])
        XCTAssertEqual(h.send([rst]), [rst], "resets of a dead connection pass")
        let newSYN = h.segment("", seq: 7000, flags: [.syn])
        XCTAssertEqual(h.send([newSYN]), [newSYN], "a new connection on the same addresses is followed afresh")
        XCTAssertEqual(h.window.storedSegments, 0)
    }

    func testVerdictOnKeptBytesFallsOnThePacketThatFillsTheHole() {
        var h = WindowHarness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text == "tail" ? .drop : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), tail = h.segment("tail", seq: 5), head = h.segment("head", seq: 1)
        XCTAssertEqual(h.send([syn, tail, head]), [syn, tail], "the tail was partial when it passed; the head completes it")
        XCTAssertEqual(h.consumer.events.prefix(2), [.bytes(response: false, offset: 0, "head"), .bytes(response: false, offset: 4, "tail")])
    }

    func testHoldKeepsThePacketAndItsRetransmissionsUntilReleased() {
        var h = WindowHarness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text == "breakpoint" ? .hold : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), held = h.segment("breakpoint", seq: 1), after = h.segment("!", seq: 11)
        XCTAssertEqual(h.send([syn, held, held, after]), [syn], "the held packet, its retransmission and later data wait")
        XCTAssertEqual(h.window.counters.held, 1)
        XCTAssertEqual(h.window.counters.droppedWhileHeld, 2)
        XCTAssertEqual(h.window.held.heldStreams, [WindowHarness.clientStream])
        let reply = h.segment("ack", seq: 900, ack: 1, response: true)
        XCTAssertEqual(h.send([reply]), [reply], "the other direction flows")
        XCTAssertTrue(h.window.release(WindowHarness.clientStream))
        XCTAssertEqual(h.poll(), [held], "released unchanged in the next batch")
        XCTAssertEqual(h.send([after]), [after], "the direction goes on")
        XCTAssertEqual(h.delivered(), "breakpoint!")
    }

    func testDroppingAHeldPacketKillsTheConnection() {
        var h = WindowHarness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, _ in .hold }
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("req", seq: 1, ack: 77)])
        XCTAssertTrue(h.window.dropHeld(WindowHarness.clientStream))
        XCTAssertEqual(h.window.held.count, 0)
        XCTAssertEqual(h.window.resets.pop()?.senderNext, 1)
        XCTAssertEqual(h.send([h.segment("req", seq: 1, ack: 77)]), [], "the connection is dead")
    }

    /// Another thread (the debugger's control server) asks for a release and a drop through
    /// `held.requests`; the window carries them out at the start of its next batch, and a request
    /// for a stream that holds nothing is void.
    func testReleasesAndDropsRequestedFromAnotherThreadApplyAtTheNextBatch() {
        var h = WindowHarness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text.hasPrefix("hold") ? .hold : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), held = h.segment("hold-me", seq: 1)
        XCTAssertEqual(h.send([syn, held]), [syn])
        let requests = h.window.held.requests
        let asked = DispatchQueue.global().sync { requests.request(.release, for: WindowHarness.clientStream) }
        XCTAssertTrue(asked)
        XCTAssertTrue(requests.hasRequests)
        XCTAssertEqual(h.poll(), [held], "released by the next batch")
        XCTAssertFalse(requests.hasRequests)
        XCTAssertTrue(requests.request(.release, for: WindowHarness.clientStream), "queued although nothing is held")
        XCTAssertEqual(h.poll(), [], "a request for a stream holding nothing is void")
        XCTAssertFalse(requests.hasRequests)
        XCTAssertEqual(h.send([h.segment("hold-again", seq: 8)]), [])
        XCTAssertTrue(requests.request(.drop, for: WindowHarness.clientStream))
        XCTAssertEqual(h.poll(), [])
        XCTAssertEqual(h.window.held.count, 0)
        XCTAssertEqual(h.window.counters.killed, 1, "the drop killed the connection")
        XCTAssertNotNil(h.window.resets.pop(), "and asked for its resets")
    }

    func testAFullHoldQueueKillsInstead() {
        var limits = WindowLimits()
        limits.maxHeld = 1
        var h = WindowHarness(pool: makeCheckedPool(), limits: limits)
        h.consumer.verdict = { _, _, _ in .hold }
        _ = h.send([h.segment("a", seq: 1), h.segment("b", seq: 2, response: true)])
        XCTAssertEqual(h.window.counters.held, 1)
        XCTAssertEqual(h.window.counters.killed, 1)
        XCTAssertEqual(h.window.held.count, 0, "killing the connection let its held packet go too")
        XCTAssertEqual(h.consumer.events.last, .closed(response: true, .limitExceeded(.held)))
    }

    func testSequenceNumbersWrapAround() {
        var h = WindowHarness(pool: makeCheckedPool())
        let syn = h.segment("", seq: 0xFFFF_FFF0, flags: [.syn])
        let a = h.segment("0123456789", seq: 0xFFFF_FFF1)   // up to 0xFFFF_FFFB
        let b = h.segment("ABCDEFGHIJ", seq: 0xFFFF_FFFB)   // crosses 2^32
        let c = h.segment("klmnopqrst", seq: 0x0000_0005)
        _ = h.send([syn, c, a, b])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "0123456789"), .bytes(response: false, offset: 10, "ABCDEFGHIJ"),
                                           .bytes(response: false, offset: 20, "klmnopqrst")])
        XCTAssertEqual(h.send([b]), [b], "an old segment from before the wrap is an identical retransmission")
        XCTAssertEqual(h.consumer.events.count, 3)
        _ = h.send([h.segment("", seq: 0x0000_000F, flags: [.fin, .ack])])
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .finished))
    }

    func testARetransmittedSYNDoesNotRewindTheStream() {
        var h = WindowHarness(pool: makeCheckedPool())
        let syn = h.segment("", seq: 0, flags: [.syn])
        _ = h.send([syn, h.segment("abc", seq: 1), syn, h.segment("abc", seq: 1), h.segment("def", seq: 4)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abc"), .bytes(response: false, offset: 3, "def")])
    }

    func testEthernetPaddingIsNotStreamData() {
        var h = WindowHarness(pool: makeCheckedPool())
        let short = h.segment("hi", seq: 1)
        let padded = short + [UInt8](repeating: 0xEE, count: 60 - short.count)
        XCTAssertEqual(h.send([h.segment("", seq: 0, flags: [.syn]), padded]).last, padded)
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "hi")])
    }
}
