import NFRuntime
import XCTest

/// `window`: per flow and direction, in-order bytes are delivered in place (no copy), segments
/// past a hole are buffered and delivered in order once it fills, retransmitted and overlapping
/// bytes are not delivered again, FIN closes with `.finished` and RST with `.reset`, limits close
/// with `.limitExceeded`, idle flows expire, the consumer's `.drop`/`.hold` verdict drops or
/// holds the packet that completed the bytes, and sequence numbers wrap around 2^32.
final class WindowTests: XCTestCase {
    typealias TCPGraph = Parse<Parse<Parse<Receive<MemoryPort>, Ethernet>, IPv4>, TCP>

    /// A window graph between two memory ports; `send` runs frames through and returns what left.
    struct Harness {
        let pool: MemoryPool
        let frames: Frames
        let input: MemoryPort
        let output: MemoryPort
        let consumer = RecordingConsumer()
        var sink: PortSink<Window<TCPGraph, RecordingConsumer>, MemoryPort>

        init(pool: MemoryPool, limits: Window<TCPGraph, RecordingConsumer>.Limits = .init()) {
            self.pool = pool
            frames = Frames(pool: pool)
            input = MemoryPort(pool: pool)
            output = MemoryPort(pool: pool)
            sink = input.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(consumer, limits: limits).send(to: output)
        }

        var window: Window<TCPGraph, RecordingConsumer> {
            get { sink.parent }
            set { sink.parent = newValue }
        }

        /// A segment of the test connection, client → server unless `response`.
        func segment(_ text: String, seq: UInt32, flags: TCP.Flags = [.ack], response: Bool = false) -> [UInt8] {
            frames.tcp(Array(text.utf8), seq: seq, flags: flags, response: response)
        }

        /// Runs `frames` through the window one batch each; returns the frames forwarded.
        mutating func send(_ frames: [[UInt8]]) -> [[UInt8]] {
            for f in frames {
                input.write(f)
                _ = sink.runOnce()
            }
            return output.read()
        }

        /// Whether delivery `i` pointed into a pool buffer (a frame) rather than a copy.
        func deliveredInPlace(_ i: Int) -> Bool {
            let slab = UnsafeRawPointer(pool.state.pointee.slab)
            let end = slab + pool.state.pointee.slotCount * pool.state.pointee.slotSize
            return consumer.starts[i] >= slab && consumer.starts[i] < end
        }
    }

    func testInOrderBytesAreDeliveredInPlace() {
        var h = Harness(pool: makeCheckedPool())
        let sent = [h.segment("", seq: 999, flags: [.syn]), h.segment("hello", seq: 1000), h.segment(" world", seq: 1005)]
        XCTAssertEqual(h.send(sent), sent, "every packet forwarded unchanged, in order")
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "hello"), .bytes(response: false, offset: 5, " world")])
        XCTAssertTrue(h.deliveredInPlace(0) && h.deliveredInPlace(1), "no copy for in-order segments")
        XCTAssertEqual(h.window.counters.segments, 3)
        XCTAssertEqual(h.window.counters.bytesDelivered, 11)
        XCTAssertEqual(h.window.flowCount, 1)
        XCTAssertEqual(h.consumer.streams.first?.connection.sourcePort, 40000, "the connection is named by its first packet")
    }

    func testConnectionPickedUpMidStreamStartsAtItsFirstSegment() {
        var h = Harness(pool: makeCheckedPool())
        _ = h.send([h.segment("abc", seq: 70000), h.segment("def", seq: 70003)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abc"), .bytes(response: false, offset: 3, "def")])
    }

    func testDirectionsAreSeparateStreams() {
        var h = Harness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("", seq: 500, flags: [.syn, .ack], response: true),
                    h.segment("GET", seq: 1), h.segment("200 OK", seq: 501, response: true), h.segment(" /", seq: 4)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "GET"), .bytes(response: true, offset: 0, "200 OK"),
                                           .bytes(response: false, offset: 3, " /")])
        XCTAssertEqual(h.consumer.streams.map(\.isResponse), [false, true])
        XCTAssertEqual(h.consumer.streams.last?.key.sourcePort, 80, "the response stream's key is server → client")
        XCTAssertEqual(h.window.flowCount, 1, "one connection")
    }

    func testOutOfOrderSegmentsAreBufferedThenDeliveredInOrder() {
        var h = Harness(pool: makeCheckedPool())
        let sent = [h.segment("", seq: 0, flags: [.syn]), h.segment("aaaa", seq: 1), h.segment("cccc", seq: 9)]
        XCTAssertEqual(h.send(sent), sent, "a segment past a hole is forwarded at once")
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "aaaa")])
        XCTAssertEqual(h.window.bufferedBytes, 4)
        XCTAssertEqual(h.window.counters.outOfOrderSegments, 1)
        let fill = h.segment("bbbb", seq: 5)
        XCTAssertEqual(h.send([fill]), [fill])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "aaaa"), .bytes(response: false, offset: 4, "bbbb"),
                                           .bytes(response: false, offset: 8, "cccc")])
        XCTAssertTrue(h.deliveredInPlace(1))
        XCTAssertFalse(h.deliveredInPlace(2), "buffered bytes come from the window's copy")
        XCTAssertEqual(h.window.bufferedBytes, 0)
    }

    func testRetransmittedAndOverlappingBytesAreDeliveredOnce() {
        var h = Harness(pool: makeCheckedPool())
        let stream = "abcdefghijklmnop"
        func part(_ r: Range<Int>) -> [UInt8] {
            h.segment(String(stream.dropFirst(r.lowerBound).prefix(r.count)), seq: UInt32(1 + r.lowerBound))
        }
        let sent = [h.segment("", seq: 0, flags: [.syn]), part(0..<6), part(0..<6), part(3..<9)]
        XCTAssertEqual(h.send(sent).count, 4, "retransmissions are forwarded")
        XCTAssertEqual(h.window.counters.duplicateBytes, 6 + 3)
        _ = h.send([part(12..<16), part(10..<14), part(9..<11)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abcdef"), .bytes(response: false, offset: 6, "ghi"),
                                           .bytes(response: false, offset: 9, "jk"), .bytes(response: false, offset: 11, "lmn"),
                                           .bytes(response: false, offset: 14, "op")])
        _ = h.send([part(0..<16)])
        XCTAssertEqual(h.consumer.events.count, 5, "a full retransmission delivers nothing")
        XCTAssertEqual(h.window.bufferedBytes, 0)
    }

    func testFINClosesEachDirectionWithFinished() {
        var h = Harness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("bye", seq: 1, flags: [.fin, .ack])])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "bye"), .closed(response: false, .finished)])
        XCTAssertEqual(h.window.flowCount, 1, "the other direction is still open")
        let late = h.segment("more", seq: 4)
        XCTAssertEqual(h.send([late]), [late], "packets of a closed direction are forwarded")
        _ = h.send([h.segment("", seq: 300, flags: [.fin, .ack], response: true)])
        XCTAssertEqual(h.consumer.events.last, .closed(response: true, .finished))
        XCTAssertEqual(h.consumer.events.count, 3)
        XCTAssertEqual(h.window.flowCount, 0, "both directions closed: the flow is forgotten")
    }

    func testFINBeyondAHoleClosesOnlyWhenTheHoleFills() {
        var h = Harness(pool: makeCheckedPool())
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("end", seq: 4, flags: [.fin, .ack])])
        XCTAssertEqual(h.consumer.events, [], "nothing contiguous yet")
        _ = h.send([h.segment("abc", seq: 1)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abc"), .bytes(response: false, offset: 3, "end"),
                                           .closed(response: false, .finished)])
    }

    func testRSTClosesItsDirectionWithReset() {
        var h = Harness(pool: makeCheckedPool())
        let rst = h.segment("", seq: 901, flags: [.rst], response: true)
        let sent = [h.segment("", seq: 0, flags: [.syn]), h.segment("x", seq: 900, response: true),
                    h.segment("after a hole", seq: 950, response: true)]
        XCTAssertEqual(h.send(sent), sent)
        XCTAssertEqual(h.window.bufferedBytes, 12)
        let rest = [rst, h.segment("y", seq: 901, response: true), h.segment("z", seq: 1)]
        XCTAssertEqual(h.send(rest), rest, "an RST and what follows it are forwarded")
        XCTAssertEqual(h.window.bufferedBytes, 0, "a reset direction's buffered bytes are discarded")
        XCTAssertEqual(h.consumer.events, [.bytes(response: true, offset: 0, "x"), .closed(response: true, .reset),
                                           .bytes(response: false, offset: 0, "z")])
    }

    func testTooManyOutOfOrderSegmentsExceedTheLimit() {
        var limits = Window<TCPGraph, RecordingConsumer>.Limits()
        limits.maxOutOfOrderSegments = 2
        var h = Harness(pool: makeCheckedPool(), limits: limits)
        let sent = [h.segment("", seq: 0, flags: [.syn]), h.segment("b", seq: 11), h.segment("c", seq: 21), h.segment("d", seq: 31)]
        XCTAssertEqual(h.send(sent), sent)
        XCTAssertEqual(h.consumer.events, [.closed(response: false, .limitExceeded("maxOutOfOrderSegments"))])
        XCTAssertEqual(h.window.bufferedBytes, 0, "the buffered segments were discarded")
        _ = h.send([h.segment("a", seq: 1)])
        XCTAssertEqual(h.consumer.events.count, 1, "a given-up direction delivers nothing more")
    }

    func testTooManyOutOfOrderBytesExceedTheLimit() {
        var limits = Window<TCPGraph, RecordingConsumer>.Limits()
        limits.maxOutOfOrderBytes = 15
        var h = Harness(pool: makeCheckedPool(), limits: limits)
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("0123456789", seq: 100)])
        XCTAssertEqual(h.window.bufferedBytes, 10)
        _ = h.send([h.segment("0123456789", seq: 200)])
        XCTAssertEqual(h.consumer.events, [.closed(response: false, .limitExceeded("maxOutOfOrderBytes"))])
        XCTAssertEqual(h.window.bufferedBytes, 0)
    }

    func testBufferedBytesAcrossAllFlowsAreBoundedGlobally() {
        var limits = Window<TCPGraph, RecordingConsumer>.Limits()
        limits.maxBufferedBytes = 25
        var h = Harness(pool: makeCheckedPool(), limits: limits)
        // The client and the server direction each buffer 10 bytes past a hole: 20 in all.
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("0123456789", seq: 100),
                    h.segment("", seq: 500, flags: [.syn, .ack], response: true), h.segment("abcdefghij", seq: 700, response: true)])
        XCTAssertEqual(h.window.bufferedBytes, 20)
        XCTAssertEqual(h.consumer.events, [])
        // Ten more would make 30 > 25: the direction that asked is given up, the other keeps its bytes.
        _ = h.send([h.segment("ABCDEFGHIJ", seq: 200)])
        XCTAssertEqual(h.consumer.events, [.closed(response: false, .limitExceeded("maxBufferedBytes"))])
        XCTAssertEqual(h.window.bufferedBytes, 10, "the server direction's buffer stays")
        _ = h.send([h.segment(String(repeating: "s", count: 199), seq: 501, response: true)])
        XCTAssertEqual(h.window.bufferedBytes, 0, "filling the server's hole delivered its buffer")
        XCTAssertEqual(h.consumer.events.last, .bytes(response: true, offset: 199, "abcdefghij"))
    }

    func testFlowsBeyondMaxFlowsAreForwardedUntracked() {
        var limits = Window<TCPGraph, RecordingConsumer>.Limits()
        limits.maxFlows = 1
        var h = Harness(pool: makeCheckedPool(), limits: limits)
        let other = h.frames.tcp(Array("other".utf8), seq: 5, sourcePort: 40001)
        let sent = [h.segment("one", seq: 1), other]
        XCTAssertEqual(h.send(sent), sent)
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "one")])
        XCTAssertEqual(h.window.counters.untracked, 1)
        XCTAssertEqual(h.window.flowCount, 1)
    }

    func testIdleFlowsExpire() {
        var limits = Window<TCPGraph, RecordingConsumer>.Limits()
        limits.idleTimeout = 10_000_000_000
        var h = Harness(pool: makeCheckedPool(), limits: limits)
        _ = h.send([h.segment("", seq: 0, flags: [.syn]), h.segment("a", seq: 1), h.segment("", seq: 50, flags: [.fin, .ack], response: true)])
        XCTAssertEqual(h.consumer.events.count, 2, "the data and the server's FIN")
        h.window.expire(now: MonotonicClock.nanoseconds())
        XCTAssertEqual(h.window.flowCount, 1, "not idle yet")
        h.window.expire(now: MonotonicClock.nanoseconds() + 11_000_000_000)
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .idle), "only the open direction is told")
        XCTAssertEqual(h.consumer.events.count, 3)
        XCTAssertEqual(h.window.flowCount, 0)
    }

    func testDropVerdictDropsThePacketThatCompletesTheBytes() {
        var h = Harness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text.contains("BAD") ? .drop : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), ok = h.segment("ok", seq: 1), bad = h.segment("BAD", seq: 3)
        let next = h.segment("next", seq: 6)
        XCTAssertEqual(h.send([syn, ok, bad, next]), [syn, ok, next])
        XCTAssertEqual(h.window.counters.dropped, 1)
    }

    func testVerdictOnBufferedBytesFallsOnThePacketThatFillsTheHole() {
        var h = Harness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text == "tail" ? .drop : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), tail = h.segment("tail", seq: 5), head = h.segment("head", seq: 1)
        XCTAssertEqual(h.send([syn, tail, head]), [syn, tail], "the tail was partial when it passed; the head completes it")
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "head"), .bytes(response: false, offset: 4, "tail")])
    }

    func testHoldVerdictQueuesThePacketUntilReleased() {
        var h = Harness(pool: makeCheckedPool())
        h.consumer.verdict = { _, _, text in text == "breakpoint" ? .hold : .forward }
        let syn = h.segment("", seq: 0, flags: [.syn]), held = h.segment("breakpoint", seq: 1), after = h.segment("!", seq: 11)
        XCTAssertEqual(h.send([syn, held, after]), [syn, after])
        XCTAssertEqual(h.window.counters.held, 1)
        XCTAssertEqual(h.window.held.count, 1)
        XCTAssertEqual(h.pool.inUse, 1, "the held frame is the only buffer out")
        let release = PacketBatch()
        h.window.held.drain(into: release)
        _ = h.output.transmit(release)
        XCTAssertEqual(h.output.read(), [held], "released unchanged")
    }

    func testFullHoldQueueDropsInstead() {
        var limits = Window<TCPGraph, RecordingConsumer>.Limits()
        limits.maxHeld = 1
        var h = Harness(pool: makeCheckedPool(), limits: limits)
        h.consumer.verdict = { _, _, _ in .hold }
        _ = h.send([h.segment("a", seq: 1), h.segment("b", seq: 2)])
        XCTAssertEqual(h.window.counters.held, 1)
        XCTAssertEqual(h.window.counters.dropped, 1)
        XCTAssertEqual(h.window.held.count, 1)
    }

    func testSequenceNumbersWrapAround() {
        var h = Harness(pool: makeCheckedPool())
        let syn = h.segment("", seq: 0xFFFF_FFF0, flags: [.syn])
        let a = h.segment("0123456789", seq: 0xFFFF_FFF1)   // up to 0xFFFF_FFFB
        let b = h.segment("ABCDEFGHIJ", seq: 0xFFFF_FFFB)   // crosses 2^32
        let c = h.segment("klmnopqrst", seq: 0x0000_0005)
        _ = h.send([syn, c, a, b])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "0123456789"), .bytes(response: false, offset: 10, "ABCDEFGHIJ"),
                                           .bytes(response: false, offset: 20, "klmnopqrst")])
        _ = h.send([b])
        XCTAssertEqual(h.consumer.events.count, 3, "an old segment from before the wrap is a retransmission")
        _ = h.send([h.segment("", seq: 0x0000_000F, flags: [.fin, .ack])])
        XCTAssertEqual(h.consumer.events.last, .closed(response: false, .finished))
    }

    func testASegmentHalfTheSequenceSpaceAwayIsNotDelivered() {
        var h = Harness(pool: makeCheckedPool())
        let far = h.segment("far", seq: 1 &+ 0x8000_0000)
        let sent = [h.segment("", seq: 0, flags: [.syn]), far, h.segment("near", seq: 1)]
        XCTAssertEqual(h.send(sent), sent)
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "near")])
    }

    func testARetransmittedSYNDoesNotRewindTheStream() {
        var h = Harness(pool: makeCheckedPool())
        let syn = h.segment("", seq: 0, flags: [.syn])
        _ = h.send([syn, h.segment("abc", seq: 1), syn, h.segment("abc", seq: 1), h.segment("def", seq: 4)])
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "abc"), .bytes(response: false, offset: 3, "def")])
    }

    func testEthernetPaddingIsNotStreamData() {
        var h = Harness(pool: makeCheckedPool())
        let short = h.segment("hi", seq: 1)
        let padded = short + [UInt8](repeating: 0xEE, count: 60 - short.count)
        XCTAssertEqual(h.send([h.segment("", seq: 0, flags: [.syn]), padded]).last, padded)
        XCTAssertEqual(h.consumer.events, [.bytes(response: false, offset: 0, "hi")])
    }
}
