import ArgumentParser
import Foundation
import NFRuntime

/// `reassembly-bench [--megabytes M] [--seconds S] [--reorder-every N]`: the runtime's `window`
/// reassembling one TCP connection after another from frames in memory, beside a plain memcpy of
/// the same payload bytes in the same run. Prints one line:
/// `case=… gbps=… msegments=… memcpy_gbps=… ratio=… allocations_per_segment=… …`.
/// `bench/run-reassembly.sh` drives it (allocations are counted when bench/malloc-count is
/// preloaded; otherwise reported as n/a).
@main
struct ReassemblyBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reassembly-bench",
        abstract: "TCP reassembly throughput of the runtime's window vs memcpy, on one core.")

    @Option(help: "Client → server bytes per connection.")
    var megabytes = 32

    @Option(help: "Measured seconds (each of window and memcpy).")
    var seconds: Double = 3

    @Option(help: "Swap every Nth data segment with the next (10: 10% reordered; 0: in order).")
    var reorderEvery = 0

    @Flag(help: "Trust checksums (as when a NIC verified them) instead of verifying each segment.")
    var trustChecksums = false

    mutating func run() throws {
        let traffic = BenchConnection(bytes: megabytes << 20, reorderEvery: reorderEvery)
        let (windowNanos, passes, allocations, outOfOrder) = try measureWindow(traffic)
        let counting = AllocationCounter()

        var memcpyNanos: UInt64 = 0, copies = 0
        let destination = UnsafeMutableRawPointer.allocate(byteCount: traffic.payloadBytes, alignment: 64)
        defer { destination.deallocate() }
        traffic.copyPayloads(to: destination) // warm-up
        while memcpyNanos < UInt64(seconds * 1e9) {
            let start = MonotonicClock.nanoseconds()
            traffic.copyPayloads(to: destination)
            memcpyNanos += MonotonicClock.nanoseconds() - start
            copies += 1
        }

        let bytes = Double(traffic.payloadBytes)
        let gbps = bytes * Double(passes) / Double(windowNanos)               // bytes per ns = GB/s
        let memcpyGbps = bytes * Double(copies) / Double(memcpyNanos)
        let segments = Double(traffic.dataSegments * passes) / Double(windowNanos) * 1e3   // millions per second
        let perSegment = counting.map { _ in String(format: "%.4f", Double(allocations) / Double(traffic.dataSegments * passes)) } ?? "n/a"
        let name = (reorderEvery == 0 ? "in-order" : "reordered-1-in-\(reorderEvery)") + (trustChecksums ? "-trusted" : "") + "-\(megabytes)MiB"
        func f(_ v: Double) -> String { String(format: "%.3f", v) }
        print("case=\(name) gbps=\(f(gbps)) msegments=\(f(segments)) memcpy_gbps=\(f(memcpyGbps)) ratio=\(f(gbps / memcpyGbps))"
              + " allocations_per_segment=\(perSegment) passes=\(passes) segments_per_pass=\(traffic.dataSegments)"
              + " acks_per_pass=\(traffic.ackSegments) out_of_order=\(outOfOrder)"
              // The process's own count, to show the counter counts (building the frames allocates).
              + " allocations_in_process=\(counting.map { String($0.allocations) } ?? "n/a")")
    }

    /// Runs connections through a window until `seconds` of measured time (after one warm-up
    /// pass); returns the time, the passes, the allocations during them and the out-of-order
    /// segments seen. The graph is gone when it returns (its kept frames back in the pool).
    func measureWindow(_ traffic: BenchConnection) throws -> (UInt64, Int, UInt64, UInt64) {
        let source = ReplaySource(frames: traffic.frames)
        let consumer = ByteCounter()
        defer { consumer.bytes.deallocate() }
        var limits = WindowLimits()
        limits.maxOutOfOrderSegments = 1024
        limits.verifyChecksums = !trustChecksums
        var graph = source.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(consumer, limits: limits).drop()
        _ = Self.pass(&graph, source: source)
        var nanos: UInt64 = 0, passes = 0, allocations: UInt64 = 0
        let counting = AllocationCounter()
        while nanos < UInt64(seconds * 1e9) {
            traffic.renumber(port: UInt16(20_000 + passes % 40_000))
            let before = counting?.allocations ?? 0
            nanos += Self.pass(&graph, source: source)
            allocations += (counting?.allocations ?? 0) - before
            passes += 1
        }
        let delivered = consumer.bytes.pointee
        let expected = UInt64(traffic.payloadBytes) * UInt64(passes + 1)
        guard delivered == expected, graph.parent.counters.killed == 0 else {
            throw ValidationError("window delivered \(delivered) of \(expected) bytes, counters \(graph.parent.counters)")
        }
        return (nanos, passes, allocations, graph.parent.counters.outOfOrderSegments)
    }

    /// Runs one connection through the graph; returns the nanoseconds it took.
    static func pass<G: BatchRunnable>(_ graph: inout G, source: ReplaySource) -> UInt64 {
        source.rewind()
        let start = MonotonicClock.nanoseconds()
        while !source.isExhausted { _ = graph.runOnce() }
        return MonotonicClock.nanoseconds() - start
    }
}
