import BenchSupport
import ControlAPI
import Enforcer
import Foundation
import Models
import NFRuntime
import RPCDecode

/// `enforcer-bench SPEC.json CLIENT SERVER LOG… [--seconds S] [--armed PATTERN_JSON] [--only WAY]`:
/// the cost of checking, per message, in a release build. Replays recorded conversations
/// (loopback relay logs) between CLIENT (a service of the compiled spec, or the IPv4 address of a
/// client outside it) and its service SERVER, chunked as recorded, several ways in the same run:
/// through the server's protocol decoder alone (the baseline), and through the `Enforcer`
/// (decode, classify, read fields, check: way `plain`), as if they crossed the switch between the
/// spec's addresses, alternating in slices (the fastest slice of each counts). Prints ns per
/// message for each, their difference (the checks), and allocations per message when
/// malloc_count.c is preloaded. Exits 1 if the enforcer blocks any message.
///
/// With `--armed`, two more ways take their turns: an `Enforcer` whose debugger hooks have a
/// session attached (`attached`: the debugger records requests for backtraces), and one whose
/// session also has PATTERN_JSON (a `MessagePattern` of the spec's app, as in the control API)
/// set as a breakpoint (`armed`), which must not match: it exits 1 if the breakpoint is hit.
/// `--only WAY` replays that way alone (and the decoder, to count messages), for profilers that
/// count per process, such as callgrind; the last line gives the rounds each way ran.
@main
struct EnforcerBench {
    struct CountingSink: MessageSink {
        var messages = 0
        mutating func receive(_ message: borrowing RPCMessage) { messages += 1 }
    }

    /// One way of checking the replayed traffic, with its best time and rounds so far.
    final class Way {
        let name: String
        let enforcer: Enforcer
        var bestNs = Double.infinity
        var rounds = 0

        init(_ name: String, _ enforcer: Enforcer) {
            self.name = name
            self.enforcer = enforcer
        }
    }

    static func main() throws {
        var arguments = Array(CommandLine.arguments.dropFirst())
        func option(_ name: String) -> String? {
            guard let i = arguments.firstIndex(of: name), i + 1 < arguments.count else { return nil }
            defer { arguments.removeSubrange(i...(i + 1)) }
            return arguments[i + 1]
        }
        let seconds = option("--seconds").flatMap(Double.init) ?? 3
        let armedPattern = try option("--armed").map { try JSONDecoder().decode(MessagePattern.self, from: Data($0.utf8)) }
        let only = option("--only")
        guard arguments.count >= 4 else {
            FileHandle.standardError.write(Data("usage: enforcer-bench SPEC.json CLIENT SERVER LOG... [--seconds S] [--armed PATTERN_JSON] [--only WAY]\n".utf8))
            exit(2)
        }
        let spec = try CompiledSpec.decode(Data(contentsOf: URL(fileURLWithPath: arguments[0])))
        let binding = try ApplicationBinding(spec: spec)
        // CLIENT is a service of the spec, or the address of a client outside it (an external service's caller).
        let clientAddress = binding.services.first { $0.name == arguments[1] }?.address ?? IPv4Address(arguments[1])
        guard let clientAddress, let server = binding.services.first(where: { $0.name == arguments[2] }) else {
            FileHandle.standardError.write(Data("enforcer-bench: \(arguments[1]) or \(arguments[2]) is not a service of \(spec.app)\n".utf8))
            exit(2)
        }
        let logs = try arguments.dropFirst(3).map(RelayLog.load)

        let metrics = MetricsRegistry(cores: 1)
        let policy = try ApplicationPolicy(binding, metrics: metrics)
        let store = PolicyStore(try EnforcementSnapshot([policy]))
        let log = try ViolationLog(path: "/dev/null")
        var ways = [Way("plain", Enforcer(policies: store, log: log, metrics: metrics, core: 0))]
        var armed: DebuggedEnforcer?
        if let armedPattern {
            ways.append(Way("attached", try DebuggedEnforcer(breakpoint: nil, store: store, log: log, metrics: metrics).enforcer))
            armed = try DebuggedEnforcer(breakpoint: armedPattern, app: spec.app, store: store, log: log, metrics: metrics)
            ways.append(Way("armed", armed!.enforcer))
        }
        if let only {
            ways.removeAll { $0.name != only }
            guard !ways.isEmpty else { FileHandle.standardError.write(Data("enforcer-bench: no way '\(only)'\n".utf8)); exit(2) }
        }
        var connection: UInt16 = 1
        func replay(_ way: Way) throws {
            way.rounds += 1
            try enforce(logs, way.enforcer, clientAddress, server.address, server.tcpPorts[0], &connection)
        }
        // The ways alternate in 5 slices each and the fastest slice of each counts, so a burst of
        // other load on the machine does not land on one side only.
        var sink = CountingSink()
        var decodeNs = Double.infinity
        var messagesPerRound = 0
        for _ in 0..<5 {
            let before = sink.messages
            let (decodeRounds, decodeSeconds) = try Measurement.repeated(for: seconds / 5) { try decode(logs, server.wire, &sink) }
            messagesPerRound = (sink.messages - before) / decodeRounds
            decodeNs = min(decodeNs, decodeSeconds * 1e9 / Double(sink.messages - before))
            for way in ways {
                let (rounds, elapsed) = try Measurement.repeated(for: seconds / 5) { try replay(way) }
                way.bestNs = min(way.bestNs, elapsed * 1e9 / Double(rounds * messagesPerRound))
            }
        }
        var line = String(format: "%@ messages_per_round=%d decode_ns_per_message=%.0f", "\(arguments[1])->\(server.name)",
                          messagesPerRound, decodeNs)
        if let plain = ways.first(where: { $0.name == "plain" }) {
            line += String(format: " enforce_ns_per_message=%.0f checks_ns_per_message=%.0f", plain.bestNs, plain.bestNs - decodeNs)
        }
        for way in ways where way.name != "plain" { line += String(format: " %@_ns_per_message=%.0f", way.name, way.bestNs) }
        print(line)
        // Every replayed log is one connection: messages so far, from the connections so far.
        let replayed = { (Int(connection) - 1) / max(1, logs.count) * messagesPerRound }
        for way in ways {
            try Measurement.reportAllocations(label: way.name == "plain" ? "allocations_per_message" : "\(way.name)_allocations_per_message",
                                              { try replay(way) }, messages: replayed)
        }
        print("rounds " + ways.map { "\($0.name)=\($0.rounds)" }.joined(separator: " "))
        if let armed, armed.hits > 0 {
            FileHandle.standardError.write(Data("enforcer-bench: the armed breakpoint matched \(armed.hits) messages\n".utf8))
            exit(1)
        }
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
    /// Never inlined, so that a profiler can count inside it alone.
    @inline(never)
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

    /// An `Enforcer` whose debugger hooks have one session attached, with `breakpoint` set if given.
    struct DebuggedEnforcer {
        let enforcer: Enforcer
        private let hub: DebugHub
        private let session: Int

        init(breakpoint pattern: MessagePattern?, app: String = "", store: PolicyStore, log: ViolationLog,
             metrics: MetricsRegistry) throws {
            hub = DebugHub(policies: store, requests: [HeldPacketRequests(capacity: 64)], log: nil)
            session = hub.openSession { _ in }
            if let pattern {
                try hub.setBreakpoint(BreakpointDefinition(number: 1, text: "armed", action: .hold, temporary: false, app: app,
                                                           pattern: pattern), session: session)
            }
            enforcer = Enforcer(policies: store, log: log, metrics: metrics, core: 0, debug: hub)
        }

        var hits: Int { hub.breakpoints(of: session).reduce(0) { $0 + ($1.hits ?? 0) } }
    }
}
