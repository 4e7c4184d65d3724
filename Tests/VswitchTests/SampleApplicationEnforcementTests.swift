import Foundation
import XCTest

/// Every other shipped spec end to end through the enforcing switch, with its sample services
/// (samples/<app>, buggy builds: each bug breaks one invariant on its own attack request) and
/// its scenario driver in a client namespace. The scenario judges each step and each final
/// state from the backends' own logs (`as_expected`); the test also requires one enforcement log
/// record per blocked step and none for normal use.
final class SampleApplicationEnforcementTests: XCTestCase {
    /// One service of a sample application: its script, port and protocol, and how it is
    /// started (`arguments` gets every service's address and the work folder).
    struct Service {
        var name: String
        var script: String
        var port: Int
        var proto: String
        var arguments: (_ address: (String) -> String, _ directory: URL) -> [String]
    }

    var testbed: SwitchTestbed!
    var services: [SampleService] = []

    override func tearDown() {
        for s in services.reversed() { s.stop() }
        testbed?.remove()
    }

    /// Runs `app`'s scenario through the switch and checks it. `uncheckable` names the steps and
    /// checks of an invariant the switch cannot check (not locally monitorable): they must come
    /// out as the scenario's "not as expected", so the test notices when that changes.
    private func run(_ app: String, _ list: [Service], uncheckable: Set<String> = [],
                     scenario: (_ address: (String) -> String, _ directory: URL) -> [String]) throws {
        let compiled = try compiledSpecFile("specs/\(app).ucheck")
        let topology = SwitchedNamespaces(hosts: list.count + 1)
        let host = Dictionary(uniqueKeysWithValues: list.enumerated().map { ($1.name, $0 + 2) })
        func address(_ name: String) -> String {
            let s = list.first { $0.name == name }!
            return "\(topology.address(host[name]!)):\(s.port)"
        }
        testbed = try SwitchTestbed(hosts: list.count + 1, driver: "af_packet", extraConfig: [
            "enforcement_log: violations.jsonl", "applications:", "  - name: \(app)", "    spec: \(compiled)", "    services:",
        ] + list.map { "      - {name: \($0.name), address: \(topology.address(host[$0.name]!)), tcp_ports: [\($0.port)], protocol: \($0.proto)}" })
        for s in list {
            services.append(try SampleService(s.script, in: testbed.topology.namespace(host[s.name]!),
                                              arguments: ["--listen", address(s.name)] + s.arguments(address, testbed.directory),
                                              directory: testbed.directory))
        }
        let output = try testbed.topology.run(in: 1, ["python3", SampleService.samples.appendingPathComponent("\(app)/scenario.py").path]
                                              + scenario(address, testbed.directory) + ["--json"], timeout: 180)
        let lines = output.split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        let judged = lines.filter { $0["as_expected"] != nil }
        XCTAssertFalse(judged.isEmpty, output)
        for line in judged {
            let name = line["step"] as? String ?? line["check"] as? String ?? ""
            XCTAssertEqual(line["as_expected"] as? Bool, !uncheckable.contains(name), "\(app): \(line)")
        }
        XCTAssertEqual(Set(judged.compactMap { $0["step"] as? String ?? $0["check"] as? String }).intersection(uncheckable), uncheckable)
        let blocked = lines.filter { $0["step"] != nil && $0["should"] as? String == "blocked" }
        let log = ((try? String(contentsOfFile: testbed.directory.appendingPathComponent("violations.jsonl").path, encoding: .utf8)) ?? "")
            .split(separator: "\n").compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        XCTAssertEqual(log.count, blocked.count, "\(app): one record per blocked step: \(log)")
    }

    private func log(_ name: String) -> (_: (String) -> String, _ d: URL) -> [String] {
        { _, d in ["--log", d.appendingPathComponent("\(name).calls").path] }
    }

    func testFiles() throws {
        try run("files", [
            Service(name: "gateway", script: "files/gateway.py", port: 8080, proto: "http") { a, _ in ["--kv", a("kv"), "--buggy"] },
            Service(name: "kv", script: "webforum/kv.py", port: 50052, proto: "grpc", arguments: log("kv")),
        ]) { a, d in ["--gateway", a("gateway"), "--kv-log", d.appendingPathComponent("kv.calls").path] }
    }

    func testShop() throws {
        try run("shop", [
            Service(name: "storefront", script: "shop/storefront.py", port: 8080, proto: "http") { a, _ in
                ["--payment", a("payment"), "--inventory", a("inventory"), "--buggy"] },
            Service(name: "payment", script: "shop/payment.py", port: 50051, proto: "grpc", arguments: log("payment")),
            Service(name: "inventory", script: "shop/inventory.py", port: 50052, proto: "grpc") { _, d in
                ["--log", d.appendingPathComponent("inventory.calls").path, "--buggy"] },
        ]) { a, d in ["--storefront", a("storefront"), "--payment-log", d.appendingPathComponent("payment.calls").path,
                      "--inventory-log", d.appendingPathComponent("inventory.calls").path] }
    }

    func testBank() throws {
        try run("bank", [
            Service(name: "gateway", script: "bank/gateway.py", port: 8080, proto: "http") { a, _ in
                ["--accounts", a("accounts"), "--ledger", a("ledger"), "--buggy"] },
            Service(name: "accounts", script: "bank/accounts.py", port: 50051, proto: "grpc", arguments: log("accounts")),
            Service(name: "ledger", script: "bank/ledger.py", port: 50052, proto: "grpc", arguments: log("ledger")),
        ], uncheckable: ["t4: alice pays bob 5, debit skips the ledger", "accounts' log: Debit the ledger never recorded"]) { a, d in ["--gateway", a("gateway"), "--accounts-log", d.appendingPathComponent("accounts.calls").path,
                      "--ledger-log", d.appendingPathComponent("ledger.calls").path] }
    }

    func testWarehouse() throws {
        try run("warehouse", [
            Service(name: "shop", script: "warehouse/shop.py", port: 8080, proto: "http") { a, _ in ["--stock", a("stock"), "--buggy"] },
            Service(name: "stock", script: "warehouse/stock.py", port: 9090, proto: "thrift", arguments: log("stock")),
        ]) { a, d in ["--shop", a("shop"), "--stock-log", d.appendingPathComponent("stock.calls").path] }
    }
}
