import Foundation
import XCTest

/// Redis end to end through the enforcing switch (specs/sessions.ucheck): a user, the login
/// frontend (samples/sessions, Python with redis-py, `--buggy`) and Debian's redis-server, each in
/// a namespace joined only through `vswitch` over DPDK. Normal use passes; each forbidden command
/// never executes (redis-server's own MONITOR output and INFO commandstats say so, and the
/// session key is still there), the frontend's connection is reset, and the enforcement log has
/// exactly one record per violation. A pipelined segment carrying a forbidden command is dropped
/// whole; redis-benchmark's pipelined load passes an allow-list spec without a violation.
final class RedisSessionsEnforcementTests: XCTestCase {
    var testbed: SwitchTestbed!
    var redis: NamespacedRedis?
    var services: [SampleService] = []

    override func tearDown() {
        for s in services.reversed() { s.stop() }
        redis?.stop()
        testbed?.remove()
    }

    /// Hosts: 1 user, 2 frontend, 3 cache (redis-server on 6379).
    private func startSessions() throws {
        let compiled = try compiledSpecFile("specs/sessions.ucheck")
        let topology = SwitchedNamespaces(hosts: 3)
        let a = (1...3).map(topology.address)
        testbed = try SwitchTestbed(hosts: 3, driver: "af_packet", extraConfig: [
            "enforcement_log: violations.jsonl",
            "applications:",
            "  - name: sessions",
            "    spec: \(compiled)",
            "    services:",
            "      - {name: frontend, address: \(a[1]), tcp_ports: [8080], protocol: http}",
            "      - {name: cache, address: \(a[2]), tcp_ports: [6379], protocol: redis}",
        ])
        redis = try NamespacedRedis(in: testbed.topology.namespace(3), host: a[2], port: 6379, directory: testbed.directory)
        services.append(try SampleService("sessions/frontend.py", in: testbed.topology.namespace(2),
                                          arguments: ["--listen", "\(a[1]):8080", "--cache", "\(a[2]):6379", "--buggy"],
                                          directory: testbed.directory))
    }

    private func violations() -> [[String: Any]] {
        let text = (try? String(contentsOfFile: testbed.directory.appendingPathComponent("violations.jsonl").path, encoding: .utf8)) ?? ""
        return text.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
    }

    private func invariants(_ record: [String: Any]) -> [String] {
        ((record["violations"] as? [[String: Any]]) ?? []).compactMap { $0["invariant"] as? String }
    }

    func testNormalUsePassesAndNoForbiddenCommandReachesRedis() throws {
        try startSessions()
        let redis = try XCTUnwrap(redis)
        let output = try testbed.topology.run(in: 1, ["python3", SampleService.samples.appendingPathComponent("sessions/scenario.py").path,
                                                      "--frontend", "\(testbed.topology.address(2)):8080",
                                                      "--monitor-log", redis.monitorPath, "--json"], timeout: 120)
        let lines = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let judged = lines.filter { $0["as_expected"] != nil }
        XCTAssertEqual(judged.count, 15, output)
        for line in judged { XCTAssertEqual(line["as_expected"] as? Bool, true, "\(line)") }
        let attacks = lines.filter { $0["should"] as? String == "blocked" }
        XCTAssertEqual(attacks.count, 3)
        for attack in attacks {
            XCTAssertEqual(attack["status"] as? Int, 502, "\(attack)")
            XCTAssertTrue((attack["text"] as? String ?? "").contains("connection reset"), "the frontend's redis connection must have been reset: \(attack)")
        }

        // What redis-server itself executed and holds.
        let executed = redis.executed()
        XCTAssertFalse(executed.contains { $0.words[0] == "DEL" && $0.words.dropFirst().contains { $0.hasPrefix("session:") } }, "\(executed)")
        XCTAssertFalse(executed.contains { ["FLUSHALL", "FLUSHDB"].contains($0.words[0]) }, "\(executed)")
        XCTAssertEqual(executed.filter { $0.words[0] == "SET" }.count, 2, "both logins: \(executed)")
        XCTAssertEqual(executed.filter { $0.words[0] == "SADD" }.count, 1)
        XCTAssertEqual(try redis.calls("flushall"), 0)
        XCTAssertEqual(try redis.calls("config|set"), 0, "MONITOR hides CONFIG; commandstats does not")
        XCTAssertEqual(try redis.calls("del"), 1, "only alice's cart was deleted")
        let bob = try XCTUnwrap(lines.first { $0["step"] as? String == "bob logs in (SET session:…)" }?["text"] as? String)
        XCTAssertTrue(bob.hasPrefix("session:"))
        XCTAssertEqual(try redis.cli("GET", bob), "bob", "bob's session key is still there")
        XCTAssertEqual(try redis.cli("DBSIZE"), "2", "two sessions; alice's cart was cleared")

        // Exactly one record per violation, naming the invariant.
        let log = violations()
        XCTAssertEqual(log.count, 3, "\(log)")
        let byMethod = Dictionary(log.map { ($0["method"] as? String ?? "", $0) }) { a, _ in a }
        XCTAssertEqual(Set(byMethod.keys), ["DEL", "FLUSHALL", "CONFIG"])
        XCTAssertTrue(invariants(byMethod["DEL"] ?? [:]).contains("sessions_kept"), "\(log)")
        XCTAssertEqual(invariants(byMethod["FLUSHALL"] ?? [:]), ["no_flush"])
        XCTAssertEqual(invariants(byMethod["CONFIG"] ?? [:]), ["no_config"])
        for record in log {
            XCTAssertEqual(record["action"] as? String, "blocked")
            XCTAssertEqual(record["protocol"] as? String, "redis")
            XCTAssertEqual((record["from"] as? [String: Any])?["service"] as? String, "frontend")
            XCTAssertEqual((record["to"] as? [String: Any])?["service"] as? String, "cache")
        }
        let stats = try testbed.vswitch.freshStats()
        XCTAssertEqual(stats.resets_sent, 6, "two RSTs per blocked connection")
    }

    /// Raw RESP from the frontend's namespace (so the sender is the frontend): first a legitimate
    /// pipeline (PING, SET, GET in one send), all answered; then PING, SET and FLUSHALL in one send.
    func testPipelinedSegmentWithAForbiddenCommandIsDroppedWhole() throws {
        try startSessions()
        let redis = try XCTUnwrap(redis)
        let script = """
            import json, socket, sys
            def pipeline(commands):
                payload = b"".join(b"*%d\\r\\n" % len(c) + b"".join(b"$%d\\r\\n%s\\r\\n" % (len(w), w) for w in c) for c in commands)
                s = socket.create_connection((sys.argv[1], 6379), timeout=5)
                s.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                port = s.getsockname()[1]
                s.sendall(payload)
                received, reset = b"", False
                try:
                    while True:
                        chunk = s.recv(4096)
                        if not chunk:
                            break
                        received += chunk
                        if received.count(b"\\r\\n") >= 4:
                            break
                except ConnectionResetError:
                    reset = True
                except socket.timeout:
                    pass
                s.close()
                return {"port": port, "received": received.decode(), "reset": reset}
            ok = pipeline([[b"PING"], [b"SET", b"session:piped-ok", b"alice"], [b"GET", b"session:piped-ok"]])
            bad = pipeline([[b"PING"], [b"SET", b"session:piped", b"bob"], [b"FLUSHALL"]])
            print(json.dumps({"ok": ok, "bad": bad}))
            """
        let output = try testbed.topology.run(in: 2, ["python3", "-c", script, testbed.topology.address(3)], timeout: 60)
        let result = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [String: [String: Any]], output)
        XCTAssertEqual(result["ok"]?["received"] as? String, "+PONG\r\n+OK\r\n$5\r\nalice\r\n", "a legitimate pipeline passes whole")
        XCTAssertEqual(result["bad"]?["reset"] as? Bool, true, "\(output)")
        XCTAssertEqual(result["bad"]?["received"] as? String, "", "no reply to any command of the dropped segment")

        let badClient = "\(testbed.topology.address(2)):\(try XCTUnwrap(result["bad"]?["port"] as? Int))"
        let executed = redis.executed()
        XCTAssertEqual(executed.filter { $0.client == badClient }.map(\.words), [], "none of the segment's commands executed")
        XCTAssertEqual(executed.map { $0.words[0] }, ["PING", "SET", "GET"], "only the legitimate pipeline")
        XCTAssertEqual(try redis.calls("flushall"), 0)
        XCTAssertEqual(try redis.cli("EXISTS", "session:piped"), "0")
        XCTAssertEqual(try redis.cli("GET", "session:piped-ok"), "alice")

        let log = violations()
        XCTAssertEqual(log.count, 1, "one record for the one violating command: \(log)")
        XCTAssertEqual(log.first?["method"] as? String, "FLUSHALL")
        XCTAssertEqual(log.first.map(invariants), ["no_flush"])
    }

    /// redis-benchmark (-P 16: 16 commands per send) against redis-server through the switch
    /// enforcing specs/benchmark-cache.ucheck: it completes and nothing is logged; a FLUSHALL from
    /// the same host afterwards is blocked, so the switch was enforcing all along.
    func testRedisBenchmarkPipelinedPassesWithoutViolations() throws {
        let compiled = try compiledSpecFile("specs/benchmark-cache.ucheck")
        let topology = SwitchedNamespaces(hosts: 2)
        let store = topology.address(2)
        testbed = try SwitchTestbed(hosts: 2, driver: "af_packet", extraConfig: [
            "enforcement_log: violations.jsonl",
            "applications:",
            "  - name: benchmark",
            "    spec: \(compiled)",
            "    services:",
            "      - {name: store, address: \(store), tcp_ports: [6379], protocol: redis}",
        ])
        let redis = try NamespacedRedis(in: testbed.topology.namespace(2), host: store, port: 6379, directory: testbed.directory)
        self.redis = redis
        let benchmark = try NamespacedRedis.tool("redis-benchmark")
        let output = try testbed.topology.run(in: 1, [benchmark, "-h", store, "-p", "6379", "-P", "16", "-t", "set,get", "-n", "2000", "-q"],
                                              timeout: 180)
        XCTAssertTrue(output.contains("SET: ") && output.contains("GET: ") && output.contains("requests per second"), output)
        XCTAssertEqual(violations().count, 0, "\(violations())")
        XCTAssertGreaterThanOrEqual(try redis.calls("set"), 2000, "every SET reached redis-server")
        XCTAssertGreaterThanOrEqual(try redis.calls("get"), 2000, "every GET reached redis-server")
        XCTAssertEqual(try redis.calls("config|get"), 2, "redis-benchmark's CONFIG GET save / appendonly")

        let flush = try Command.run(["ip", "netns", "exec", testbed.topology.namespace(1), NamespacedRedis.tool("redis-cli"),
                                     "-h", store, "-p", "6379", "FLUSHALL"], timeout: 30)
        XCTAssertFalse(flush.output.contains("OK"), "FLUSHALL must not be answered: \(flush.output) \(flush.error)")
        XCTAssertEqual(try redis.calls("flushall"), 0)
        XCTAssertEqual(violations().map { $0["method"] as? String }, ["FLUSHALL"])
    }
}
