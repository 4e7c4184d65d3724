import Foundation

/// The web forum of specs/webforum.ucheck behind a vswitch that serves the debugger control API:
/// hosts 1 and 2 are two users' machines, 3 the frontend, 4 auth, 5 kv (Python grpcio). The
/// switch listens for debuggers on every address of its namespace, port 7070 (loopback and the
/// management link a test adds), with its token in `tokenPath` and the given session timeout.
/// The frontend's backend calls may wait 60 s, so a held call outlives a debugging pause.
final class DebuggedForum {
    let testbed: SwitchTestbed
    private(set) var services: [SampleService] = []

    /// The switch's name for debuggers: sw1, sw2, … by instance.
    var name: String { "sw\(instance + 1)" }
    let instance: Int

    init(compiledSpec: String, instance: Int = 0, sessionTimeout: Double = 10) throws {
        self.instance = instance
        let topology = SwitchedNamespaces(hosts: 5, instance: instance)
        let a = (1...5).map(topology.address)
        testbed = try SwitchTestbed(hosts: 5, driver: "af_packet", extraConfig: [
            "enforcement_log: violations.jsonl",
            "control: {listen: 0.0.0.0:7070, token_file: token, session_timeout: \(sessionTimeout), name: sw\(instance + 1)}",
            "applications:",
            "  - name: webforum",
            "    spec: \(compiledSpec)",
            "    services:",
            "      - {name: frontend, address: \(a[2]), tcp_ports: [8080], protocol: http}",
            "      - {name: auth, address: \(a[3]), tcp_ports: [50051], protocol: grpc}",
            "      - {name: kv, address: \(a[4]), tcp_ports: [50052], protocol: grpc}",
        ], instance: instance)
        let t = testbed.topology, dir = testbed.directory
        do {
            services.append(try SampleService("webforum/auth.py", in: t.namespace(4), arguments: ["--listen", "\(a[3]):50051", "--log", dir.appendingPathComponent("auth.calls").path], directory: dir))
            services.append(try SampleService("webforum/kv.py", in: t.namespace(5), arguments: ["--listen", "\(a[4]):50052", "--log", kvLog],
                                              directory: dir))
            services.append(try SampleService("webforum/frontend.py", in: t.namespace(3),
                                              arguments: ["--listen", "\(a[2]):8080", "--auth", "\(a[3]):50051", "--kv", "\(a[4]):50052"],
                                              directory: dir, environment: ["UCHECK_CALL_TIMEOUT": "60"]))
        } catch {
            remove()
            throw error
        }
    }

    var tokenPath: String { testbed.directory.appendingPathComponent("token").path }
    var kvLog: String { testbed.directory.appendingPathComponent("kv.calls").path }
    var violationLog: String { testbed.directory.appendingPathComponent("violations.jsonl").path }
    private var frontend: String { "http://\(testbed.topology.address(3)):8080" }

    /// curl in user `host`'s namespace: the response body and the status, as `BODY [STATUS]`.
    private func curlArguments(_ host: Int, _ path: String, form: String?, trace: String?) -> [String] {
        var arguments = ["ip", "netns", "exec", testbed.topology.namespace(host), "curl", "-s", "-m", "60", "-w", " [%{http_code}]"]
        if let trace { arguments += ["-H", "traceparent: 00-\(trace)-00f067aa0ba902b7-01"] }
        if let form { arguments += ["-d", form] }
        return arguments + [frontend + path]
    }

    /// Sends a request and waits for its answer: `BODY [STATUS]`, the body's surrounding white space trimmed.
    func request(from host: Int, _ path: String, form: String? = nil, trace: String? = nil) throws -> String {
        Self.answer(try Command.check(curlArguments(host, path, form: form, trace: trace), timeout: 70))
    }

    /// curl's output (`-w " [%{http_code}]"`) as `BODY [STATUS]`.
    static func answer(_ output: String) -> String {
        guard let split = output.range(of: " [", options: .backwards) else { return output }
        return output[..<split.lowerBound].trimmingCharacters(in: .whitespacesAndNewlines) + output[split.lowerBound...]
    }

    /// Sends a request without waiting for its answer.
    func startRequest(from host: Int, _ path: String, form: String? = nil, trace: String? = nil) throws -> Command.Running {
        try Command.start(curlArguments(host, path, form: form, trace: trace))
    }

    /// kv's own log of the calls it served (JSON lines).
    func kvCalls() -> [[String: Any]] { Self.jsonLines(kvLog) }
    func violations() -> [[String: Any]] { Self.jsonLines(violationLog) }

    static func jsonLines(_ path: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func remove() {
        for s in services.reversed() { s.stop() }
        services.removeAll()
        testbed.remove()
    }
}
