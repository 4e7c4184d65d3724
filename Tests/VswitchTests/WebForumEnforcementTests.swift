import Foundation
import XCTest

/// The web forum of specs/webforum.ucheck end to end through the enforcing switch: a user, the
/// HTTP frontend (Python, `--buggy`), auth and kv (Python grpcio) each in a namespace joined only
/// through `vswitch` over DPDK. Normal use passes unchanged; each attack's violating message
/// never reaches kv (kv's own log says so), the frontend's call is reset, and the enforcement
/// log has exactly one record per violation naming the invariant.
final class WebForumEnforcementTests: XCTestCase {
    var testbed: SwitchTestbed!
    var services: [SampleService] = []
    var compiledSpec = ""

    override func tearDown() {
        for s in services.reversed() { s.stop() }
        testbed?.remove()
    }

    /// Hosts: 1 user, 2 frontend, 3 auth, 4 kv.
    private func start(mode: String = "enforce", extraConfig: [String] = []) throws {
        let compiled = try compiledSpecFile("specs/webforum.ucheck")
        compiledSpec = compiled
        let topology = SwitchedNamespaces(hosts: 4)
        let a = (1...4).map(topology.address)
        testbed = try SwitchTestbed(hosts: 4, driver: "af_packet", extraConfig: extraConfig + [
            "enforcement_log: violations.jsonl",
            "applications:",
            "  - name: webforum",
            "    spec: \(compiled)",
            "    mode: \(mode)",
            "    services:",
            "      - {name: frontend, address: \(a[1]), tcp_ports: [8080], protocol: http}",
            "      - {name: auth, address: \(a[2]), tcp_ports: [50051], protocol: grpc}",
            "      - {name: kv, address: \(a[3]), tcp_ports: [50052], protocol: grpc}",
        ])
        let t = testbed.topology, dir = testbed.directory
        services.append(try SampleService("webforum/auth.py", in: t.namespace(3), arguments: ["--listen", "\(a[2]):50051", "--log", dir.appendingPathComponent("auth.calls").path], directory: dir))
        services.append(try SampleService("webforum/kv.py", in: t.namespace(4), arguments: ["--listen", "\(a[3]):50052", "--log", kvLog], directory: dir))
        services.append(try SampleService("webforum/frontend.py", in: t.namespace(2),
                                          arguments: ["--listen", "\(a[1]):8080", "--auth", "\(a[2]):50051", "--kv", "\(a[3]):50052", "--buggy"],
                                          directory: dir))
    }

    private var kvLog: String { testbed.directory.appendingPathComponent("kv.calls").path }
    private var violationLog: String { testbed.directory.appendingPathComponent("violations.jsonl").path }

    /// The scenario's JSON lines: steps and final checks.
    private func runScenario() throws -> [[String: Any]] {
        let output = try testbed.topology.run(in: 1, ["python3", SampleService.samples.appendingPathComponent("webforum/scenario.py").path,
                                                      "--frontend", "\(testbed.topology.address(2)):8080", "--kv-log", kvLog, "--json"],
                                              timeout: 120)
        return output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    private func records(_ path: String) -> [[String: Any]] {
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    func testNormalUsePassesAndEveryAttackIsBlockedBeforeKV() throws {
        try start()
        let lines = try runScenario()
        let steps = lines.filter { $0["step"] != nil }
        XCTAssertEqual(steps.count, 9, "\(lines)")
        for step in steps where step["should"] as? String == "allowed" {
            XCTAssertEqual(step["status"] as? Int, 200, "normal use must pass unchanged: \(step)")
        }
        // What kv itself received: no Modify, no Delete, no Insert by mallory; alice's and bob's posts.
        let calls = records(kvLog)
        let methods = calls.compactMap { $0["method"] as? String }
        XCTAssertFalse(methods.contains("Modify"), "kv received a Modify: \(calls)")
        XCTAssertFalse(methods.contains("Delete"), "kv received a Delete: \(calls)")
        let authors = calls.filter { $0["method"] as? String == "Insert" }.compactMap { ($0["fields"] as? [String: Any])?["author"] as? String }
        XCTAssertEqual(authors, ["alice", "bob"])
        for check in lines.filter({ $0["check"] != nil }) {
            XCTAssertEqual(check["as_expected"] as? Bool, true, "\(check)")
        }
        // The frontend's calls were reset: it answered 502 naming the reset.
        let attacks = steps.filter { $0["should"] as? String == "blocked" }
        XCTAssertEqual(attacks.count, 3)
        for attack in attacks {
            XCTAssertEqual(attack["status"] as? Int, 502, "\(attack)")
            XCTAssertTrue((attack["text"] as? String ?? "").contains("UNAVAILABLE"), "the frontend's gRPC call must have been reset: \(attack)")
        }
        // Exactly one log record per violation, naming what was violated.
        let log = records(violationLog)
        XCTAssertEqual(log.count, 3, "\(log)")
        let byMethod = Dictionary(log.map { ($0["method"] as? String ?? "", $0) }) { a, _ in a }
        func invariants(_ method: String) -> [String] {
            ((byMethod[method]?["violations"] as? [[String: Any]]) ?? []).compactMap { $0["invariant"] as? String }
        }
        XCTAssertEqual(invariants("Insert"), ["auth_before_post"])
        XCTAssertTrue(invariants("Modify").contains("immutable_posts"), "\(log)")
        XCTAssertTrue(invariants("Delete").contains("immutable_posts"), "\(log)")
        for record in log {
            XCTAssertEqual(record["action"] as? String, "blocked")
            XCTAssertEqual((record["from"] as? [String: Any])?["service"] as? String, "frontend")
            XCTAssertEqual((record["to"] as? [String: Any])?["service"] as? String, "kv")
            XCTAssertEqual((record["request_id"] as? String)?.count, 32, "the W3C trace id of the user's request: \(record)")
        }
        XCTAssertEqual((byMethod["Insert"]?["fields"] as? [String: Any])?["author"] as? String, "mallory")
        let stats = try testbed.vswitch.freshStats()
        XCTAssertEqual(stats.resets_sent, 6, "two RSTs per blocked connection")
    }

    /// Monitor mode forwards what it logs. The frontend's traffic is also captured (tcpdump in
    /// its namespace) and replayed offline with `ucheck replay`, which finds the same violations.
    func testMonitorModeLogsViolationsAndForwardsThemAndReplayFindsThemAgain() throws {
        try start(mode: "monitor")
        let capture = testbed.directory.appendingPathComponent("frontend.pcap").path
        let tcpdump = try Command.start(["ip", "netns", "exec", testbed.topology.namespace(2), "tcpdump", "-i", "eth0", "-w", capture,
                                         "--immediate-mode", "-B", "65536", "-U", "tcp"])
        usleep(500_000)
        _ = try runScenario()
        usleep(300_000)
        kill(tcpdump.process.processIdentifier, SIGTERM)
        _ = tcpdump.finish(timeout: 5)
        let t = testbed.topology
        let replay = try Command.run([RunningSwitch.productsDirectory().appendingPathComponent("ucheck").path, "replay", capture,
                                      "--spec", compiledSpec, "--mode", "monitor", "--json",
                                      "--service", "frontend=\(t.address(2)):8080", "--service", "auth=\(t.address(3)):50051",
                                      "--service", "kv=\(t.address(4)):50052"], timeout: 60)
        XCTAssertEqual(replay.status, 1, "violations found: exit status 1. \(replay.error)")
        let verdicts = replay.output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let logged = verdicts.filter { $0["verdict"] as? String == "logged" }
        XCTAssertEqual(logged.compactMap { $0["method"] as? String }, ["Insert", "Modify", "Delete"], replay.output)
        XCTAssertGreaterThan(verdicts.filter { $0["verdict"] as? String == "allowed" }.count, 20, "the normal use's messages")
        let methods = records(kvLog).compactMap { $0["method"] as? String }
        XCTAssertTrue(methods.contains("Modify") && methods.contains("Delete"), "monitor mode forwards: \(methods)")
        let log = records(violationLog)
        XCTAssertEqual(log.count, 3, "\(log)")
        XCTAssertTrue(log.allSatisfy { $0["action"] as? String == "logged" })
    }

    /// Runs the frame-level gRPC client (Tests/VswitchTests/Peers/h2_grpc_client.py) from the
    /// frontend's namespace, so the switch sees frontend → kv; returns the events it printed.
    private func rawClient(_ mode: String) throws -> [String] {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Peers/h2_grpc_client.py").path
        let output = try testbed.topology.run(in: 2, ["python3", script, "\(testbed.topology.address(4)):50052", mode], timeout: 30)
        return output.split(separator: "\n").map(String.init)
    }

    /// The violating message is cut into three segments and the middle one is lost once (an nft
    /// rule in the frontend's namespace drops its first transmission): the last segment arrives
    /// first and waits out of order, and the retransmission completes the message. That packet
    /// is dropped, both ends are reset, and kv never receives the Modify.
    func testAViolationSplitAcrossSegmentsWhoseCompletingSegmentIsReorderedNeverReachesKV() throws {
        try start()
        let kv = testbed.topology.address(4)
        try testbed.topology.run(in: 2, ["nft", "-f", "-"], input: Data("""
            table ip reorder {
              set seen { type ipv4_addr; flags dynamic; }
              chain out {
                type filter hook output priority 0;
                ip daddr \(kv) tcp dport 50052 ip length { 817, 829 } ip saddr != @seen add @seen { ip saddr } counter drop
              }
            }
            """.utf8))
        let events = try rawClient("split")
        let rules = try testbed.topology.run(in: 2, ["nft", "list", "chain", "ip", "reorder", "out"])
        XCTAssertTrue(rules.contains("counter packets 1 "), "the middle segment must have been lost once: \(rules)")
        XCTAssertEqual(events, ["reset"], "the client's connection is reset, with no response")
        XCTAssertFalse(records(kvLog).contains { $0["method"] as? String == "Modify" })
        let log = records(violationLog)
        XCTAssertEqual(log.count, 1, "\(log)")
        XCTAssertEqual(log.first?["method"] as? String, "Modify")
        XCTAssertEqual(((log.first?["fields"] as? [String: Any])?["value"] as? String)?.count, 2000)
        XCTAssertEqual(try testbed.vswitch.freshStats().resets_sent, 2)
    }

    /// Two calls interleaved on one HTTP/2 connection: Modify's HEADERS and half its message,
    /// then a whole Get, then the rest of Modify. Get completes first and passes (kv answers
    /// it); Modify's completing packet is dropped and the connection reset.
    func testInterleavedStreamsOnOneConnectionOnlyTheViolatingCallIsBlocked() throws {
        try start()
        let events = try rawClient("interleave")
        XCTAssertEqual(events, ["response 3 grpc-status=0", "reset"])
        let methods = records(kvLog).compactMap { $0["method"] as? String }
        XCTAssertEqual(methods, ["Get"])
        let log = records(violationLog)
        XCTAssertEqual(log.map { $0["method"] as? String }, ["Modify"])
        XCTAssertEqual(log.first?["stream_id"] as? Int, 1)
    }

    /// curl (an independent HTTP client) through the enforcing switch: a declared route passes,
    /// an undeclared one is reset; the Prometheus endpoint counts every message by verdict.
    func testCurlAndTheMetricsEndpoint() throws {
        try start(extraConfig: ["metrics: 127.0.0.1:9464"])
        _ = try runScenario()
        let frontend = "http://\(testbed.topology.address(2)):8080"
        let read = try testbed.topology.run(in: 1, ["curl", "-s", "-w", " %{http_code}", "\(frontend)/msg/post%2F1"])
        XCTAssertEqual(read.replacingOccurrences(of: "\n", with: ""), "hello from alice 200")
        let admin = try Command.run(["ip", "netns", "exec", testbed.topology.namespace(1), "curl", "-sS", "\(frontend)/admin"])
        XCTAssertEqual(admin.status, 56, "curl: the connection is reset (exit 56): \(admin.error)")
        XCTAssertTrue(admin.error.contains("reset"), admin.error)
        let metrics = try Command.check(["ip", "netns", "exec", testbed.topology.switchNamespace, "curl", "-s", "http://127.0.0.1:9464/metrics"])
        func count(_ service: String, _ method: String, _ kind: String, _ verdict: String) -> Int? {
            let prefix = "ucheck_messages_total{app=\"webforum\",service=\"\(service)\",method=\"\(method)\",kind=\"\(kind)\",verdict=\"\(verdict)\"} "
            return metrics.split(separator: "\n").first { $0.hasPrefix(prefix) }.flatMap { Int($0.dropFirst(prefix.count)) }
        }
        XCTAssertEqual(count("kv", "Insert", "request", "allowed"), 2, metrics)
        XCTAssertEqual(count("kv", "Insert", "request", "blocked"), 1, metrics)
        XCTAssertEqual(count("kv", "Modify", "request", "blocked"), 1, metrics)
        XCTAssertEqual(count("kv", "Delete", "request", "blocked"), 1, metrics)
        XCTAssertEqual(count("auth", "Authenticate", "response", "allowed"), 2, metrics)
        XCTAssertEqual(count("frontend", "?", "request", "blocked"), 1, "curl's /admin: \(metrics)")
        XCTAssertEqual(count("frontend", "read", "request", "allowed"), 5,
                       "the scenario's two reads, its read-back and its delete attack (a read request), and curl's: \(metrics)")
    }

    /// SIGHUP reloads the specs while traffic flows: a spec that fails to load leaves the old
    /// policy enforcing (and the switch says why); a valid change (monitor mode) applies to the
    /// next message of the frontend's existing gRPC connection to kv.
    func testSIGHUPReloadKeepsTheOldPolicyOnAFailureAndAppliesAValidChange() throws {
        try start()
        let switchPID = testbed.vswitch.process.processIdentifier
        let frontend = "http://\(testbed.topology.address(2)):8080"
        func get(_ path: String) throws -> String {
            try testbed.topology.run(in: 1, ["curl", "-s", "-o", "/dev/null", "-w", "%{http_code}", "\(frontend)\(path)"])
        }
        XCTAssertEqual(try get("/msg/post%2F1"), "404", "a read through the frontend's kv connection")

        let original = try String(contentsOfFile: compiledSpec, encoding: .utf8)
        try "{ not a compiled spec".write(toFile: compiledSpec, atomically: true, encoding: .utf8)
        kill(switchPID, SIGHUP)
        try waitForSwitchLog("reload failed, the previous specs stay in force")
        XCTAssertEqual(try get("/msg/post%2F1?delete=1"), "502", "still enforcing: the frontend's Delete is reset")
        XCTAssertEqual(try get("/msg/post%2F1"), "404", "the frontend's new kv connection works")

        try original.write(toFile: compiledSpec, atomically: true, encoding: .utf8)
        let config = try String(contentsOfFile: testbed.vswitch.configPath, encoding: .utf8)
        try config.replacingOccurrences(of: "mode: enforce", with: "mode: monitor")
            .write(toFile: testbed.vswitch.configPath, atomically: true, encoding: .utf8)
        kill(switchPID, SIGHUP)
        try waitForSwitchLog("reloaded specs: webforum (monitor)")
        XCTAssertEqual(try get("/msg/post%2F1?delete=1"), "404", "monitor mode: the Delete reaches kv (which has no such post)")
        XCTAssertEqual(records(violationLog).map { $0["action"] as? String }, ["blocked", "logged"])
        XCTAssertEqual(records(kvLog).compactMap { $0["method"] as? String }, ["Get", "Get", "Delete"])
    }

    private func waitForSwitchLog(_ text: String, timeout: Double = 10) throws {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if testbed.vswitch.log.contains(text) { return }
            usleep(50_000)
        }
        XCTFail("the switch never said '\(text)': \(testbed.vswitch.log)")
    }
}
