import Foundation
import XCTest
@testable import Vswitch

/// The configuration file: what it accepts, the defaults, the EAL arguments made from it, and
/// the error a mistake gets (naming the file and the key).
final class SwitchConfigTests: XCTestCase {
    let full = """
        eal: ["--no-huge", "-m", "256", "--no-pci"]
        cores: 1
        stats_interval: 2
        ports:
          - {name: web, interface: vethweb}
          - {name: db, interface: vethdb, driver: af_packet}
          - {name: cap, vdev: "net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap"}
        applications:
          - name: webforum
            default_policy: refuse
            services:
              - {name: frontend, address: 10.0.0.10, tcp_ports: [8080], protocol: http, external: true, port: web}
              - {name: kv, address: 10.0.0.12, tcp_ports: [50052], protocol: grpc}
        """

    func testAFullConfigurationParsesWithItsValuesAndDefaults() throws {
        let c = try SwitchConfig.parse(full, file: "sw.yaml")
        XCTAssertEqual(c.ports.map(\.name), ["web", "db", "cap"])
        XCTAssertEqual(c.statsInterval, 2)
        XCTAssertEqual(c.macAging, 300, "default aging")
        XCTAssertEqual(c.applications[0].defaultPolicy, .refuse)
        XCTAssertEqual(c.applications[0].services[0].external, true)
        XCTAssertEqual(c.applications[0].services[1].external, false, "services are internal by default")
        XCTAssertEqual(c.applications[0].services[1].tcpPorts, [50052])
    }

    func testEALArgumentsCarryTheDevicesAnLcoreListAndAFilePrefix() throws {
        let c = try SwitchConfig.parse(full, file: "sw.yaml")
        let args = SwitchRuntime.ealArguments(c, pid: 42)
        XCTAssertEqual(args, ["--no-huge", "-m", "256", "--no-pci", "-l", "0", "--file-prefix=vswitch-42",
                              "--vdev=net_af_xdp0,iface=vethweb,queue_count=1",
                              "--vdev=net_af_packet1,iface=vethdb,qpairs=1",
                              "--vdev=net_pcap0,rx_pcap=in.pcap,tx_pcap=out.pcap"])
    }

    func testMistakesNameTheFileAndTheKey() {
        let cases: [(String, String)] = [
            ("ports: []", "at least one port"),
            ("ports:\n  - {name: a, interface: x, vdev: net_null0}", "ports[0] (a): give exactly one of interface, vdev, device"),
            ("ports:\n  - {name: a, interface: x}\n  - {name: a, interface: y}", "ports[1].name: 'a' is empty or used twice"),
            ("ports:\n  - {name: a, intrface: x}", "ports[0].intrface: unknown key"),
            ("stats_intervall: 1\nports:\n  - {name: a, interface: x}", "stats_intervall: unknown key"),
            ("ports:\n  - {name: a, interface: x, driver: dpdk}", "driver: 'dpdk' — use af_packet or af_xdp"),
            ("ports:\n  - {name: a, vdev: eth_null0}", "is not an ethdev vdev"),
            ("cores: zero\nports:\n  - {name: a, interface: x}", "cores: expected Int"),
            ("ports:\n  - {name: a, interface: x}\napplications:\n  - name: app\n    services:\n      - {name: s, address: 10.0.0.300, tcp_ports: [1], protocol: http}",
             "services[0] (s).address: '10.0.0.300' is not an IPv4 address"),
            ("ports:\n  - {name: a, interface: x}\napplications:\n  - name: app\n    services:\n      - {name: s, address: 10.0.0.3, tcp_ports: [1], protocol: soap}",
             "protocol: 'soap' — use one of"),
            ("ports:\n  - {name: a, interface: x}\napplications:\n  - name: app\n    services:\n      - {name: s, address: 10.0.0.3, tcp_ports: [1], protocol: http, port: b}",
             "port: no switch port named 'b'"),
            ("ports:\n  - {name: a, interface: x}\napplications:\n  - name: app\n    services:\n      - {name: s, address: 10.0.0.3, protocol: http}",
             "missing key 'tcp_ports'"),
            ("ports: [", "not valid YAML"),
        ]
        for (text, expected) in cases {
            XCTAssertThrowsError(try SwitchConfig.parse(text, file: "bad.yaml"), expected) { error in
                let message = "\(error)"
                XCTAssertTrue(message.hasPrefix("bad.yaml: "), message)
                XCTAssertTrue(message.contains(expected), "expected “\(expected)” in “\(message)”")
            }
        }
    }

    func testTheBinaryRefusesAMissingInterfaceBeforeStartingDPDK() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("vswitch-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("sw.yaml").path
        try "ports:\n  - {name: a, interface: no-such-veth0}\n".write(toFile: path, atomically: true, encoding: .utf8)
        let binary = RunningSwitch.productsDirectory().appendingPathComponent("vswitch").path
        let missing = try Command.run([binary, "--config", path])
        XCTAssertEqual(missing.status, 2)
        XCTAssertTrue(missing.error.contains("port 'a': interface 'no-such-veth0' does not exist"), missing.error)
        let absent = try Command.run([binary, "--config", dir.appendingPathComponent("none.yaml").path])
        XCTAssertEqual(absent.status, 2)
        XCTAssertTrue(absent.error.contains("cannot read the file"), absent.error)
        let check = try Command.run([binary, "--config", path, "--check"])
        XCTAssertEqual(check.status, 0, check.error)
        XCTAssertTrue(check.output.contains("--vdev=net_af_xdp0,iface=no-such-veth0,queue_count=1"), check.output)
    }
}
