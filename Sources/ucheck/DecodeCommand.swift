import ArgumentParser
import Foundation
import NFRuntime
import RPCDecode

/// `ucheck decode CAPTURE.pcap [--schema x.proto|x.thrift …] [--json]`: prints every RPC message
/// of every TCP conversation in a capture, reassembled by NFRuntime's `window` and decoded by
/// RPCDecode, tshark-style or as JSON lines.
struct DecodeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decode",
        abstract: "Print the RPC messages (gRPC, HTTP/2, HTTP/1.1, Thrift, Redis) in a pcap capture.")

    @Argument(help: "A libpcap capture (tcpdump -w).")
    var capture: String

    @Option(name: .customLong("schema"), help: "A .proto, a descriptor set (.pb), or a .thrift IDL; repeatable.")
    var schemas: [String] = []

    @Option(name: [.customShort("I"), .customLong("proto-path")], help: "An import directory for .proto schemas; repeatable.")
    var includePaths: [String] = []

    @Option(name: .customLong("port"), help: "PORT=PROTOCOL (grpc, http2, http1, thrift, redis) instead of detection; repeatable.")
    var ports: [String] = []

    @Flag(help: "Print JSON lines instead of text.")
    var json = false

    func run() throws {
        var portMap: [UInt16: RPCProtocol] = [:]
        for entry in ports {
            let parts = entry.split(separator: "=")
            guard parts.count == 2, let port = UInt16(parts[0]), let wire = RPCProtocol(rawValue: String(parts[1])) else {
                throw ValidationError("--port \(entry): expected PORT=PROTOCOL with PROTOCOL one of grpc, http2, http1, thrift, redis")
            }
            portMap[port] = wire
        }
        let registry: SchemaRegistry
        do {
            registry = try SchemaLoader.load(schemas, includePaths: includePaths)
        } catch {
            printError("ucheck decode: \(error)")
            throw ExitCode(2)
        }
        var reader: PcapReader
        do {
            reader = try PcapReader(contentsOf: capture)
        } catch {
            printError("ucheck decode: \(error)")
            throw ExitCode(2)
        }
        let consumer = CaptureDecoder(ports: portMap, schemas: registry)
        let bufferSize = 16384 + MemoryPool.headroom
        let pool = MemoryPool(count: Self.frameBuffers, bufferSize: bufferSize)
        let port = MemoryPort(pool: pool)
        var graph = port.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(consumer, limits: Self.captureLimits).drop()
        let printer = CaptureEventPrinter(json: json)
        var printed = 0
        func flush() {
            for event in consumer.takeEvents() {
                printed += 1
                print(printer.line(printed, event))
            }
        }
        while let packet = try reader.next() {
            consumer.now = packet.time
            for frame in OversizeFrameSplitter.split(packet.frame, maxFrame: bufferSize - MemoryPool.headroom) {
                guard port.write(frame) else {
                    printError("ucheck decode: out of frame buffers at \(packet.time) s (more than \(Self.frameBuffers) kept): stopping")
                    throw ExitCode(2)
                }
                _ = graph.runOnce()
            }
            flush()
        }
        flush()
    }

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
}
