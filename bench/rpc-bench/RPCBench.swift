import Foundation
import BenchSupport
import RPCDecode

/// `rpc-bench PROTOCOL LOG… [--schema SET.pb] [--seconds S]`: decode throughput of RPCDecode
/// on recorded conversations (Peers/loopback_relay.py logs), in a release build.
///
/// Replays every log through a fresh connection decoder, chunked as recorded, over and over for
/// about S seconds (default 3), and prints one line: protocol, bytes of the conversations,
/// messages per round, rounds, seconds, messages/s, MB/s. With `--schema`, gRPC payloads are also fully decoded (`+fields`).
@main
struct RPCBench {
    /// Counts messages and touches the fast-path view; keeps nothing.
    struct CountingSink: MessageSink {
        var messages = 0
        var bytes = 0
        mutating func receive(_ message: borrowing RPCMessage) {
            messages += 1
            bytes &+= message.payload.count
        }
    }

    /// Also fully decodes each protobuf payload (the logging/debugger view).
    struct FieldsSink: MessageSink {
        let schema: ProtobufSchema
        var messages = 0
        var fields = 0
        mutating func receive(_ message: borrowing RPCMessage) {
            messages += 1
            guard message.payloadEncoding == .protobuf, let method = schema.method(service: message.service, name: message.method) else { return }
            let type = message.direction == .clientToServer ? method.inputType : method.outputType
            fields += (try? ProtobufDecoder(schema: schema).decode(message.payload, as: type).count) ?? 0
        }
    }

    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seconds = 3.0
        var schemaPath: String?
        if let i = arguments.firstIndex(of: "--seconds") { seconds = Double(arguments[i + 1]) ?? 3; arguments.removeSubrange(i...(i + 1)) }
        if let i = arguments.firstIndex(of: "--schema") { schemaPath = arguments[i + 1]; arguments.removeSubrange(i...(i + 1)) }
        guard arguments.count >= 2, let wire = RPCProtocol(rawValue: arguments[0]) else {
            FileHandle.standardError.write(Data("usage: rpc-bench grpc|http1|redis|thrift LOG... [--schema SET.pb] [--seconds S]\n".utf8))
            exit(2)
        }
        let logs = try arguments.dropFirst().map(RelayLog.load)
        let totalBytes = logs.reduce(0) { $0 + $1.reduce(0) { $0 + $1.1.count } }
        if let schemaPath {
            let schema = try ProtobufSchema(descriptorSet: [UInt8](try Data(contentsOf: URL(fileURLWithPath: schemaPath))))
            var sink = FieldsSink(schema: schema)
            let (rounds, elapsed) = try Measurement.repeated(for: seconds) { try replay(logs, wire, &sink) }
            report("\(wire.rawValue)+fields", sink.messages, totalBytes, rounds, elapsed)
            try Measurement.reportAllocations { try replay(logs, wire, &sink) } messages: { sink.messages }
        } else {
            var sink = CountingSink()
            let (rounds, elapsed) = try Measurement.repeated(for: seconds) { try replay(logs, wire, &sink) }
            report(wire.rawValue, sink.messages, totalBytes, rounds, elapsed)
            try Measurement.reportAllocations { try replay(logs, wire, &sink) } messages: { sink.messages }
        }
    }

    static func replay<Sink: MessageSink>(_ logs: [[(Direction, [UInt8])]], _ wire: RPCProtocol, _ sink: inout Sink) throws {
        for log in logs {
            var decoder = AnyConnectionDecoder(for: wire)
            var offsets = PerDirection(repeating: UInt64(0))
            for (direction, bytes) in log {
                try bytes.withUnsafeBytes { raw in
                    try decoder.feed(raw, at: offsets[direction], from: direction, into: &sink)
                }
                offsets[direction] += UInt64(bytes.count)
            }
            try decoder.finish(.clientToServer, into: &sink)
            try decoder.finish(.serverToClient, into: &sink)
        }
    }

    static func report(_ name: String, _ messages: Int, _ conversationBytes: Int, _ rounds: Int, _ seconds: Double) {
        let bytes = Double(conversationBytes * rounds)
        print(String(format: "%@ conversation_bytes=%d messages_per_round=%d rounds=%d seconds=%.3f msg_per_s=%.0f mb_per_s=%.1f",
                     name, conversationBytes, messages / rounds, rounds, seconds, Double(messages) / seconds, bytes / seconds / 1e6))
    }
}
