import ArgumentParser
import NFRuntime

/// Feeds a pcap capture's frames, one packet at a time, through NFRuntime's `window` into a
/// stream consumer: what `ucheck decode` and `ucheck replay` share.
enum CaptureRunner {
    /// Frame buffers: what the window may keep (`captureLimits`) plus a batch in flight.
    static let frameBuffers = 4096

    /// Reassembly for a capture: checksums are not verified (captures taken on a sending host
    /// hold offloaded, unfinished checksums, and tshark does not verify them either), and a
    /// stream that cannot be followed is reported and given up, never "reset" (fail open).
    static var captureLimits: WindowLimits {
        var limits = WindowLimits()
        limits.verifyChecksums = false
        limits.failurePolicy = .failOpen
        limits.maxStoredSegments = frameBuffers - 64
        return limits
    }

    /// Runs every packet of `capture` through the window into `consumer`; `packetTime` is called
    /// with each packet's capture time before it is processed, `processed` after.
    static func run<Consumer: StreamConsumer>(_ capture: String, into consumer: Consumer, command: String,
                                              packetTime: (Double) -> Void, processed: () -> Void) throws {
        var reader: PcapReader
        do {
            reader = try PcapReader(contentsOf: capture)
        } catch {
            printError("\(command): \(error)")
            throw ExitCode(2)
        }
        let bufferSize = 16384 + MemoryPool.headroom
        let pool = MemoryPool(count: frameBuffers, bufferSize: bufferSize)
        let port = MemoryPort(pool: pool)
        var graph = port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(consumer, limits: captureLimits).drop()
        while let packet = try reader.next() {
            packetTime(packet.time)
            for frame in OversizeFrameSplitter.split(packet.frame, maxFrame: bufferSize - MemoryPool.headroom) {
                guard port.write(frame) else {
                    printError("\(command): out of frame buffers at \(packet.time) s (more than \(frameBuffers) kept): stopping")
                    throw ExitCode(2)
                }
                _ = graph.runOnce()
            }
            processed()
        }
    }
}
