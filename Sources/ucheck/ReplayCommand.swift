import ArgumentParser
import Enforcer
import Foundation
import Models
import NFRuntime
import RPCDecode

/// `ucheck replay CAPTURE.pcap --spec FILE`: the switch's enforcement pipeline offline — the
/// capture's TCP streams reassembled by `window`, decoded by RPCDecode and checked by the
/// `Enforcer` against the spec — printing the verdict of every message.
struct ReplayCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "replay",
        abstract: "Check every RPC message of a pcap capture against a spec, as the switch would.",
        discussion: """
            Services are recognised by the spec's `at` addresses (or --service). In enforce mode (the default) a
            violation ends its connection, as in the switch: later messages of that connection
            are not checked. Exit status: 0 when every message is allowed, 1 when some violation
            was found, 2 on bad input.
            """)

    @Argument(help: "A libpcap capture (tcpdump -w).")
    var capture: String

    @Option(help: "A compiled spec (ucheck compile -o FILE.json) or a .ucheck spec (verified first).")
    var spec: String

    @Option(help: "enforce (a violation ends its connection) or monitor (every message is checked).")
    var mode: EnforcementMode = .enforce

    @Option(name: .customLong("service"), help: "NAME=ADDRESS:PORT: where a service was when the capture was taken, instead of the spec's `at`; repeatable.")
    var services: [String] = []

    @Flag(help: "Print JSON lines instead of text.")
    var json = false

    func run() throws {
        let compiled = try loadCompiled()
        let metrics = MetricsRegistry(cores: 1)
        let snapshot: EnforcementSnapshot
        do {
            var bindings = try ApplicationBinding.services(of: compiled)
            for entry in services {
                let parts = entry.split(separator: "=", maxSplits: 1)
                guard parts.count == 2, let (address, port) = IPv4Address.endpoint(parts[1]),
                      let i = bindings.firstIndex(where: { $0.name == parts[0] }) else {
                    throw PolicyError("--service \(entry): expected NAME=IPV4:PORT with NAME a service of the spec")
                }
                bindings[i].address = address
                bindings[i].tcpPorts = [port]
            }
            let binding = try ApplicationBinding(spec: compiled, mode: mode, services: bindings)
            snapshot = try EnforcementSnapshot([try ApplicationPolicy(binding, metrics: metrics)])
        } catch {
            printError("ucheck replay: \(spec): \(error)")
            throw ExitCode(2)
        }
        let log = try ViolationLog(path: "/dev/null")
        let enforcer = Enforcer(policies: PolicyStore(snapshot), log: log, metrics: metrics, core: 0)
        let observer = MessageObserver()
        enforcer.observer = observer
        var printed = 0
        var violations = 0
        try CaptureRunner.run(capture, into: enforcer, command: "ucheck replay", packetTime: { observer.now = $0 }) {
            for event in observer.take() {
                printed += 1
                if event.verdict != "allowed" { violations += 1 }
                print(json ? jsonLine(printed, event) : textLine(printed, event))
            }
        }
        if !json {
            print("\(printed) messages, \(printed - violations) allowed, \(violations) \(mode == .enforce ? "blocked" : "violations logged")")
        }
        if violations > 0 { throw ExitCode(1) }
    }

    private func loadCompiled() throws -> CompiledSpec {
        if spec.hasSuffix(".ucheck") {
            let checked = try loadSpec(spec)
            let verdicts = Verifier().verify(checked)
            for verdict in verdicts where verdict.status != .proved { printError(VerdictReport.text(verdict, spec: checked)) }
            return SpecCompiler().compile(checked, verdicts: verdicts)
        }
        do {
            return try CompiledSpec.decode(Data(contentsOf: URL(fileURLWithPath: spec)))
        } catch {
            printError("ucheck replay: \(spec): not a compiled spec: \(error)")
            throw ExitCode(2)
        }
    }

    private func textLine(_ n: Int, _ e: MessageObserver.Event) -> String {
        let what = e.message.map { "\($0.wire.rawValue) \($0.method) \($0.kind.rawValue)" } ?? "connection"
        var line = String(format: "%5d %12.6f  ", n, e.time) + "\(e.sender) → \(e.receiver)  \(what)  \(e.verdict.uppercased())"
        for v in e.violations { line += "\n        \(v.kind.rawValue): \(v.detail)" }
        return line
    }

    private func jsonLine(_ n: Int, _ e: MessageObserver.Event) -> String {
        var object: [String: Any] = ["n": n, "time": e.time, "app": e.app, "from": e.sender, "to": e.receiver, "verdict": e.verdict,
                                     "violations": e.violations.map { v -> [String: Any] in
                                         var o: [String: Any] = ["kind": v.kind.rawValue, "detail": v.detail]
                                         if let i = v.invariant { o["invariant"] = i }
                                         return o
                                     }]
        if let m = e.message {
            object["protocol"] = m.wire.rawValue
            object["method"] = m.method
            object["kind"] = m.kind.rawValue
            object["stream_id"] = m.streamID
        }
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.sortedKeys, .withoutEscapingSlashes])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }
}

extension EnforcementMode: ExpressibleByArgument {}
