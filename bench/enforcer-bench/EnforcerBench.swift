import BenchSupport
import Enforcer
import Foundation
import Models
import NFRuntime
import RPCDecode

/// `enforcer-bench SPEC.json CLIENT SERVER LOG… [--seconds S]`: the cost of checking, per
/// message, in a release build. Replays recorded conversations (loopback relay logs) between
/// services CLIENT and SERVER of the compiled spec, chunked as recorded, two ways in the same
/// run: through the server's protocol decoder alone (the baseline), and through the `Enforcer`
/// (decode, classify, read fields, check), as if they crossed the switch between the spec's
/// addresses, alternating in slices (the fastest slice of each counts). Prints ns per message for
/// each, their difference (the checks), and allocations per message when malloc_count.c is
/// preloaded. Exits 1 if the enforcer blocks any message.
@main
struct EnforcerBench {
    struct CountingSink: MessageSink {
        var messages = 0
        mutating func receive(_ message: RPCMessage) { messages += 1 }
    }

    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        var seconds = 3.0
        if let i = arguments.firstIndex(of: "--seconds") { seconds = Double(arguments[i + 1]) ?? 3; arguments.removeSubrange(i...(i + 1)) }
        guard arguments.count >= 4 else {
            FileHandle.standardError.write(Data("usage: enforcer-bench SPEC.json CLIENT SERVER LOG... [--seconds S]\n".utf8))
            exit(2)
        }
        let spec = try CompiledSpec.decode(Data(contentsOf: URL(fileURLWithPath: arguments[0])))
        let binding = try ApplicationBinding(spec: spec)
        guard let client = binding.services.first(where: { $0.name == arguments[1] }),
              let server = binding.services.first(where: { $0.name == arguments[2] }) else {
            FileHandle.standardError.write(Data("enforcer-bench: \(arguments[1]) or \(arguments[2]) is not a service of \(spec.app)\n".utf8))
            exit(2)
        }
        let logs = try arguments.dropFirst(3).map(RelayLog.load)

        let metrics = MetricsRegistry(cores: 1)
        let policy = try ApplicationPolicy(binding, metrics: metrics)
        let enforcer = Enforcer(policies: PolicyStore(try EnforcementSnapshot([policy])), log: try ViolationLog(path: "/dev/null"),
                                metrics: metrics, core: 0)
        var connection: UInt16 = 1
        // The two ways alternate in 5 slices each and the fastest slice of each counts, so a
        // burst of other load on the machine does not land on one side only.
        var sink = CountingSink()
        var decodeNs = Double.infinity, checkNs = Double.infinity
        var messagesPerRound = 0
        for _ in 0..<5 {
            let before = sink.messages
            let (decodeRounds, decodeSeconds) = try Measurement.repeated(for: seconds / 5) { try decode(logs, server.wire, &sink) }
            messagesPerRound = (sink.messages - before) / decodeRounds
            decodeNs = min(decodeNs, decodeSeconds * 1e9 / Double(sink.messages - before))
            let (checkRounds, checkSeconds) = try Measurement.repeated(for: seconds / 5) {
                try enforce(logs, enforcer, client.address, server.address, server.tcpPorts[0], &connection)
            }
            checkNs = min(checkNs, checkSeconds * 1e9 / Double(checkRounds * messagesPerRound))
        }
        print(String(format: "%@ messages_per_round=%d decode_ns_per_message=%.0f enforce_ns_per_message=%.0f checks_ns_per_message=%.0f",
                     "\(client.name)->\(server.name)", messagesPerRound, decodeNs, checkNs, checkNs - decodeNs))
        try Measurement.reportAllocations { try enforce(logs, enforcer, client.address, server.address, server.tcpPorts[0], &connection) }
            messages: { (Int(connection) - 1) / max(1, logs.count) * messagesPerRound }
        let blocked = metrics.total(verdict: .blocked)
        if blocked > 0 {
            FileHandle.standardError.write(Data("enforcer-bench: the enforcer blocked \(blocked) messages of this traffic\n".utf8))
            exit(1)
        }
    }

    static func decode<Sink: MessageSink>(_ logs: [[(Direction, [UInt8])]], _ wire: RPCProtocol, _ sink: inout Sink) throws {
        for log in logs {
            var decoder = AnyConnectionDecoder(for: wire)
            var offsets = PerDirection(repeating: UInt64(0))
            for (direction, bytes) in log {
                try bytes.withUnsafeBytes { try decoder.feed($0, at: offsets[direction], from: direction, into: &sink) }
                offsets[direction] += UInt64(bytes.count)
            }
        }
    }

    /// Each log as one connection from `client` to `server:port` (a new source port each time).
    static func enforce(_ logs: [[(Direction, [UInt8])]], _ enforcer: Enforcer, _ client: IPv4Address, _ server: IPv4Address,
                        _ port: UInt16, _ connection: inout UInt16) throws {
        for log in logs {
            let key = FlowKey(source: client, destination: server, sourcePort: 1024 + connection % 60000, destinationPort: port, protocolNumber: 6)
            connection &+= 1
            let flows = [StreamID(connection: key, isResponse: false), StreamID(connection: key, isResponse: true)]
            enforcer.open(flows[0], midStream: false)
            enforcer.open(flows[1], midStream: false)
            var offsets: [UInt64] = [0, 0]
            for (direction, bytes) in log {
                let i = direction == .clientToServer ? 0 : 1
                _ = bytes.withUnsafeBytes { enforcer.consume($0, at: offsets[i], of: flows[i]) }
                offsets[i] += UInt64(bytes.count)
            }
            enforcer.close(flows[0], reason: .finished)
            enforcer.close(flows[1], reason: .finished)
        }
    }
}
