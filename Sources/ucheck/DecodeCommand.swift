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
        let consumer = CaptureDecoder(ports: portMap, schemas: registry)
        let printer = CaptureEventPrinter(json: json)
        var printed = 0
        try CaptureRunner.run(capture, into: consumer, command: "ucheck decode", packetTime: { consumer.now = $0 }) {
            for event in consumer.takeEvents() {
                printed += 1
                print(printer.line(printed, event))
            }
        }
    }
}
