import NFRuntime
import XCTest

/// `ComposedOperator` and `ComposedRunnable`: erasing a graph's type changes nothing it does —
/// same packets, same order — and keeps the erased operator's state across pulls (it is not
/// copied per call); erased branches of different types merge; erased sinks of different types
/// run in turn.
final class ComposeTests: XCTestCase {
    func testComposedGraphBehavesLikeTheGraph() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let plainIn = MemoryPort(pool: pool), plainOut = MemoryPort(pool: pool)
        let erasedIn = MemoryPort(pool: pool), erasedOut = MemoryPort(pool: pool)
        var plain = plainIn.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
            .filter { $0.header.destinationPort.isMultiple(of: 2) }.transform { $0.lower.header.ttl = 9 }.send(to: plainOut)
        let erased: ComposedOperator<Stacked<UDP, Stacked<IPv4, Stacked<Ethernet, NoHeaders>>>> =
            erasedIn.parse(Ethernet.self).parse(IPv4.self).parse(UDP.self)
                .filter { $0.header.destinationPort.isMultiple(of: 2) }.transform { $0.lower.header.ttl = 9 }.compose()
        var erasedSink = erased.send(to: erasedOut)
        for i in 0..<45 {
            let frame = frames.udp([UInt8(i)], destinationPort: UInt16(i))
            plainIn.write(frame)
            erasedIn.write(frame)
        }
        plain.drain(plainIn)
        erasedSink.drain(erasedIn)
        let expected = plainOut.read()
        XCTAssertEqual(expected.count, 23)
        XCTAssertEqual(erasedOut.read(), expected)
    }

    func testComposedOperatorKeepsItsStateAcrossPulls() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let a = MemoryPort(index: 0, pool: pool), b = MemoryPort(index: 1, pool: pool)
        let output = MemoryPort(pool: pool)
        var nf = Merge([a.received(), b.received()]).compose().send(to: output)
        for _ in 0..<40 {
            a.write(frames.udp([0]))
            b.write(frames.udp([1]))
        }
        var pulls: [[UInt8]] = []
        while nf.runOnce() > 0 { pulls.append(output.read().map { $0[Frames.udpPayload] }) }
        XCTAssertEqual(pulls.map { $0.count }, [32, 32, 8, 8])
        XCTAssertEqual(pulls.map { Set($0) }, [[0], [1], [0], [1]],
                       "the merge's round-robin position survives erasure (a copy per pull would restart at a)")
    }

    func testBranchesOfDifferentTypesMeetThroughCompose() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let a = MemoryPort(index: 0, pool: pool), b = MemoryPort(index: 1, pool: pool)
        let output = MemoryPort(pool: pool)
        let filtered = a.parse(Ethernet.self).filter { $0.length > 50 }.compose()
        let tagged = b.parse(Ethernet.self).transform { $0.header.destination = .broadcast }.compose()
        var nf = Merge([filtered, tagged]).send(to: output)
        a.write(frames.udp([1]))
        a.write(frames.udp([UInt8](repeating: 2, count: 20)))
        b.write(frames.udp([3]))
        while nf.runOnce() > 0 {}
        let out = output.read()
        XCTAssertEqual(out.map { $0[Frames.udpPayload] }, [2, 3])
        XCTAssertEqual(out.last.map { Array($0[0..<6]) }, [UInt8](repeating: 0xFF, count: 6))
    }

    func testComposedRunnablesOfDifferentTypesRunInTurn() {
        let pool = makeCheckedPool()
        let frames = Frames(pool: pool)
        let forwarded = MemoryPort(index: 0, pool: pool), discarded = MemoryPort(index: 1, pool: pool)
        let output = MemoryPort(pool: pool)
        var core = RunAll([ComposedRunnable(forwarded.received().send(to: output)),
                           ComposedRunnable(discarded.parse(Ethernet.self).drop())])
        for i in 0..<40 { (i.isMultiple(of: 4) ? forwarded : discarded).write(frames.udp([UInt8(i)])) }
        XCTAssertEqual(core.runOnce(), 10 + 30, "one batch through each sink")
        XCTAssertEqual(core.runOnce(), 0)
        XCTAssertEqual(output.read().map { $0[Frames.udpPayload] }, stride(from: 0, to: 40, by: 4).map { UInt8($0) })
        XCTAssertEqual(pool.inUse, 0, "the drop sink released its 30 frames")
    }
}
