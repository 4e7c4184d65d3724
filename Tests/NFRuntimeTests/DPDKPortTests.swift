import Foundation
import NFRuntime
import XCTest

/// DPDK ports through a real EAL (no hugepages, no PCI): `net_ring` hands what it transmits back
/// to its receive queue, `net_null` makes 64-byte frames from the pool. Frames sent through a
/// `DPDKPort` come back byte for byte (memory buffers are copied into mbufs on transmit), a
/// `PacketBuffer`'s window round-trips through the mbuf, NF graphs run over DPDK ports, a
/// flooded mbuf is shared by reference count, counters count, and the mbuf pool's in-use count
/// returns to its baseline after every test.
///
/// EAL can be initialised once per process, so the environment is a static set up by the first
/// test and torn down (ports stopped, EAL cleaned up, its runtime directory removed) after the
/// last. Needs root and DPDK's headers; without them the tests are skipped with the reason,
/// except under CI (`CI=true`), where they fail.
final class DPDKPortTests: XCTestCase {
    struct Environment {
        let eal: DPDKEnvironment
        let pool: DPDKMbufPool
        let ring: UInt16
        let null: UInt16
    }

    static let filePrefix = "nfrt-test-\(getpid())"
    nonisolated(unsafe) private static var shared: Result<Environment, Error>?

    /// The process's EAL and ports, started on first use.
    static func environment() throws -> Environment {
        if let shared { return try shared.get() }
        let result = Result { () throws -> Environment in
            let eal = try DPDKEnvironment(arguments: ["--no-huge", "-m", "128", "--no-pci", "-l", "0",
                                                      "--file-prefix=\(filePrefix)", "--vdev=net_ring0", "--vdev=net_null0"])
            let pool = try DPDKMbufPool(name: "nfrt-test", count: 1023, cacheSize: 32)
            guard let ring = eal.port(named: "net_ring0"), let null = eal.port(named: "net_null0") else {
                throw DPDKError(step: "find net_ring0 and net_null0", code: -19)
            }
            try eal.startPort(ring, descriptors: 512, pool: pool)
            try eal.startPort(null, descriptors: 512, pool: pool)
            return Environment(eal: eal, pool: pool, ring: ring, null: null)
        }
        shared = result
        return try result.get()
    }

    var env: Environment!
    var baseline = 0

    override func setUpWithError() throws {
        var missing: [String] = []
        if getuid() != 0 { missing.append("root") }
        if !FileManager.default.fileExists(atPath: "/usr/include/dpdk/rte_ethdev.h") { missing.append("DPDK (libdpdk-dev, see scripts/setup)") }
        if !missing.isEmpty {
            let reason = "DPDK port tests need " + missing.joined(separator: " and ")
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(reason + " — CI must run them") }
            throw XCTSkip(reason)
        }
        env = try Self.environment()
        baseline = env.pool.inUse
    }

    override func tearDown() {
        if let env {
            XCTAssertEqual(env.pool.inUse, baseline, "every mbuf back in the pool")
        }
        env = nil
    }

    override class func tearDown() {
        if case .success(let env)? = shared {
            env.eal.stopPort(env.ring)
            env.eal.stopPort(env.null)
            env.eal.cleanup()
        }
        try? FileManager.default.removeItem(atPath: "/var/run/dpdk/\(filePrefix)")
        super.tearDown()
    }

    /// Receives from `port` until `count` frames arrived (the ring delivers at once; a few polls
    /// guard against a short burst).
    func receive(_ count: Int, from port: inout DPDKPort) -> PacketBatch {
        let batch = PacketBatch(capacity: max(count, 1))
        for _ in 0..<100 where batch.count < count { _ = port.receive(into: batch) }
        return batch
    }

    func testEnvironmentNamesItsPorts() throws {
        XCTAssertGreaterThanOrEqual(env.eal.portCount, 2)
        XCTAssertEqual(env.eal.name(ofPort: env.ring), "net_ring0")
        XCTAssertEqual(env.eal.name(ofPort: env.null), "net_null0")
        XCTAssertNil(env.eal.port(named: "net_nothing9"))
        XCTAssertFalse(env.eal.macAddress(ofPort: env.ring).isGroup)
        XCTAssertThrowsError(try DPDKEnvironment(arguments: ["--no-huge"]), "EAL initialises once per process")
        XCTAssertGreaterThan(DPDKEnvironment.ticksPerSecond, 0)
    }

    func testMemoryFramesLoopBackThroughTheRingByteForByte() {
        let memory = makeCheckedPool()
        let frames = Frames(pool: memory)
        var port = DPDKPort(portID: env.ring, index: 5, pool: env.pool)
        let sent = (0..<20).map { frames.udp((0..<$0 * 50).map { UInt8(truncatingIfNeeded: $0) }, sourcePort: UInt16($0)) }
        let batch = PacketBatch()
        for f in sent { batch.append(memory.make(frame: f)!, metadata: PacketMetadata()) }
        XCTAssertEqual(port.transmit(batch), 20)
        XCTAssertTrue(batch.isEmpty)
        XCTAssertEqual(memory.inUse, 0, "memory buffers were copied into mbufs and released")
        let received = receive(20, from: &port)
        XCTAssertEqual(received.count, 20)
        XCTAssertEqual((0..<received.count).map { Array(received.slot($0).pointee.buffer.bytes) }, sent)
        XCTAssertTrue((0..<received.count).allSatisfy { received.slot($0).pointee.buffer.mbuf != nil })
        XCTAssertTrue((0..<received.count).allSatisfy { received.slot($0).pointee.metadata.inputPort == 5 })
        XCTAssertEqual(env.pool.inUse, baseline + 20)
        received.dropAll()
        XCTAssertEqual([port.counters.txPackets, port.counters.rxPackets, port.counters.txDropped], [20, 20, 0])
        XCTAssertEqual([port.counters.txBytes, port.counters.rxBytes], [0, 0], "a DPDK port leaves bytes to the device's counters")
    }

    func testAnNFGraphRunsOverADPDKPort() {
        let memory = makeCheckedPool()
        let frames = Frames(pool: memory)
        let input = MemoryPort(pool: memory), output = MemoryPort(pool: memory)
        let ring = DPDKPort(portID: env.ring, index: 0, pool: env.pool)
        var toRing = input.received().send(to: ring)
        var fromRing = ring.parse(Ethernet.self).parse(IPv4.self).transform { $0.header.decrementTTL() }.send(to: output)
        let sent = (0..<40).map { frames.udp([UInt8($0)]) }
        sent.forEach { input.write($0) }
        toRing.drain(input)
        var out: [[UInt8]] = []
        for _ in 0..<100 where out.count < 40 {
            _ = fromRing.runOnce()
            out += output.read()
        }
        XCTAssertEqual(out, sent.map { f in
            var e = f
            e[22] -= 1
            Frames.fixIPv4Checksum(&e)
            return e
        })
        XCTAssertEqual(ring.counters.txPackets, 40, "the two graphs share the port's counters")
        XCTAssertEqual(ring.counters.rxPackets, 40)
    }

    func testBufferWindowRoundTripsThroughTheMbuf() {
        var port = DPDKPort(portID: env.ring, index: 0, pool: env.pool)
        var buffer = env.pool.allocate()!
        XCTAssertNotNil(buffer.mbuf)
        XCTAssertEqual(buffer.length, 0)
        XCTAssertEqual(buffer.headroom, 128, "RTE_PKTMBUF_HEADROOM")
        XCTAssertEqual(buffer.tailroom, 2048)
        let payload = (0..<60).map { UInt8($0) }
        XCTAssertTrue(buffer.extend(by: 60))
        buffer.bytes.copyBytes(from: payload)
        XCTAssertTrue(buffer.prepend(4))
        buffer.bytes.copyBytes(from: [0xCA, 0xFE, 0xF0, 0x0D])
        XCTAssertTrue(buffer.trimFront(2))
        XCTAssertTrue(buffer.truncate(by: 10))
        XCTAssertFalse(buffer.prepend(127), "only 126 bytes of headroom left")
        let window = Array(buffer.bytes)
        XCTAssertEqual(window, [0xF0, 0x0D] + payload.prefix(50))
        // Every window change was written through: the mbuf itself already says the same.
        let rewrapped = PacketBuffer(mbuf: buffer.mbuf!)
        XCTAssertEqual(rewrapped.dataOffset, buffer.dataOffset)
        XCTAssertEqual(rewrapped.length, 52)
        XCTAssertEqual(rewrapped.storage, buffer.storage)
        XCTAssertEqual(rewrapped.capacity, buffer.capacity)

        let batch = PacketBatch()
        batch.append(buffer, metadata: PacketMetadata())
        XCTAssertEqual(port.transmit(batch), 1)
        let received = receive(1, from: &port)
        XCTAssertEqual((0..<received.count).map { Array(received.slot($0).pointee.buffer.bytes) }, [window],
                       "transmit commits the window the runtime moved")
        received.dropAll()
    }

    func testFloodSharesOneMbufByReferenceCount() {
        let ring = DPDKPort(portID: env.ring, index: 0, pool: env.pool)
        let null = DPDKPort(portID: env.null, index: 1, pool: env.pool)
        let source = Packetize(allocator: env.pool)
        var sink = source.transform { packet in
            packet.metadata.outputPort = PacketMetadata.flood
            packet.metadata.inputPort = 7
        }.switchOut(to: [ring, null])
        XCTAssertTrue(source.enqueue(Array("flood".utf8), template: Frames.template(tcp: false)))
        XCTAssertEqual(sink.runOnce(), 1)
        XCTAssertEqual(env.pool.inUse, baseline + 1, "one mbuf, now only in the ring")
        XCTAssertEqual(sink.unrouted, 0)
        XCTAssertEqual(null.counters.txPackets, 1)
        var receiver = ring
        let received = receive(1, from: &receiver)
        XCTAssertEqual((0..<received.count).map { Array(received.slot($0).pointee.buffer.bytes.suffix(5)) }, [Array("flood".utf8)])
        received.dropAll()
    }

    func testNullPortFramesComeFromThePoolAndGoBack() {
        var null = DPDKPort(portID: env.null, index: 2, pool: env.pool)
        let batch = PacketBatch()
        XCTAssertEqual(null.receive(into: batch), 32)
        XCTAssertEqual(env.pool.inUse, baseline + 32)
        XCTAssertTrue((0..<32).allSatisfy { batch.slot($0).pointee.buffer.length == 64 })
        XCTAssertEqual(null.receive(into: batch), 0, "a full batch takes nothing")
        XCTAssertEqual(null.transmit(batch), 32, "net_null frees what it sends")
        XCTAssertTrue(batch.isEmpty)
        XCTAssertEqual([null.counters.rxPackets, null.counters.txPackets], [32, 32])
    }

    func testABatchNoOperatorLooksIntoStaysRawFromReceiveToTransmit() {
        var null = DPDKPort(portID: env.null, index: 2, pool: env.pool)
        let batch = PacketBatch()
        XCTAssertEqual(null.receive(into: batch), 32)
        XCTAssertTrue(batch.isRaw, "received into an empty batch: mbuf pointers only")
        XCTAssertEqual(null.transmit(batch), 32)
        XCTAssertTrue(batch.isEmpty)
        XCTAssertFalse(batch.isRaw)
        XCTAssertEqual(env.pool.inUse, baseline)

        XCTAssertEqual(null.receive(into: batch), 32)
        XCTAssertEqual(batch.slot(3).pointee.metadata.inputPort, 2, "the first look materialises every packet")
        XCTAssertFalse(batch.isRaw)
        XCTAssertEqual(batch.slot(31).pointee.buffer.length, 64)
        batch.dropAll()
        XCTAssertEqual(env.pool.inUse, baseline)

        let small = PacketBatch(capacity: 40)
        XCTAssertEqual(null.receive(into: small), 40)
        XCTAssertTrue(small.isRaw)
        small.forgetFirst(0)
        small.dropAll()
        XCTAssertFalse(small.isRaw)
        XCTAssertEqual(env.pool.inUse, baseline, "dropping a raw batch frees its mbufs")
    }
}
