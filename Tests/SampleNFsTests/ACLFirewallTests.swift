import NFRuntime
import SampleNFs
import XCTest

/// `ACLFirewall`: first matching rule wins, the default applies when none matches, prefixes,
/// protocols and inclusive port ranges match as documented, and allowed frames are untouched.
final class ACLFirewallTests: XCTestCase {
    let frames = TestFrames()

    /// Runs `input` through a firewall and returns the frames that came out.
    func run(_ firewall: ACLFirewall, _ input: [[UInt8]]) -> [[UInt8]] {
        let port = MemoryPort(pool: frames.pool)
        var nf = firewall.filter(port.received()).send(to: port)
        for frame in input { port.write(frame) }
        nf.drain(port)
        return port.read()
    }

    func testFirstMatchingRuleWins() {
        let rules = [
            ACLRule(.deny, source: IPv4Prefix("10.0.0.5")!),
            ACLRule(.allow, source: IPv4Prefix("10.0.0.0/24")!, protocolNumber: IPv4.tcp, destinationPorts: 80...80),
        ]
        let blocked = frames.ipv4("10.0.0.5", "192.0.2.1", destinationPort: 80)
        let web = frames.ipv4("10.0.0.6", "192.0.2.1", destinationPort: 80)
        let ssh = frames.ipv4("10.0.0.6", "192.0.2.1", destinationPort: 22)

        let firewall = ACLFirewall(rules: rules, defaultAction: .deny)
        XCTAssertEqual(run(firewall, [blocked, web, ssh]), [web], "deny 10.0.0.5 comes first; ssh falls to the default")
        XCTAssertEqual([firewall.hits(rule: 0), firewall.hits(rule: 1), firewall.defaultHits], [1, 1, 1])

        let reversed = ACLFirewall(rules: rules.reversed(), defaultAction: .deny)
        XCTAssertEqual(run(reversed, [blocked, web, ssh]), [blocked, web], "with the allow first, 10.0.0.5 gets in")
        XCTAssertEqual([reversed.hits(rule: 0), reversed.hits(rule: 1), reversed.defaultHits], [2, 0, 1])
    }

    func testDefaultActionAppliesWhenNoRuleMatches() {
        let rules = [ACLRule(.deny, destination: IPv4Prefix("192.0.2.0/24")!)]
        let inside = frames.ipv4("10.0.0.1", "192.0.2.9")
        let outside = frames.ipv4("10.0.0.1", "198.51.100.9")
        XCTAssertEqual(run(ACLFirewall(rules: rules, defaultAction: .allow), [inside, outside]), [outside])
        XCTAssertEqual(run(ACLFirewall(rules: rules, defaultAction: .deny), [inside, outside]), [])
        XCTAssertEqual(run(ACLFirewall(rules: [], defaultAction: .allow), [inside, outside]), [inside, outside])
    }

    func testPortRangesAreInclusiveAndProtocolSpecific() {
        let firewall = ACLFirewall(rules: [
            ACLRule(.allow, protocolNumber: IPv4.udp, sourcePorts: 1024...2047, destinationPorts: 53...53),
            ACLRule(.allow, protocolNumber: IPv4.tcp, destinationPorts: 8000...8080),
        ], defaultAction: .deny)
        let cases: [(frame: [UInt8], allowed: Bool)] = [
            (frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 1024, destinationPort: 53, udp: true), true),
            (frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 2047, destinationPort: 53, udp: true), true),
            (frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 2048, destinationPort: 53, udp: true), false),
            (frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 1023, destinationPort: 53, udp: true), false),
            (frames.ipv4("10.0.0.1", "10.0.0.2", sourcePort: 1500, destinationPort: 53), false),
            (frames.ipv4("10.0.0.1", "10.0.0.2", destinationPort: 8000), true),
            (frames.ipv4("10.0.0.1", "10.0.0.2", destinationPort: 8080), true),
            (frames.ipv4("10.0.0.1", "10.0.0.2", destinationPort: 8081), false),
            (frames.ipv4("10.0.0.1", "10.0.0.2", destinationPort: 7999), false),
            (frames.ipv4("10.0.0.1", "10.0.0.2", destinationPort: 8000, udp: true), false),
        ]
        XCTAssertEqual(run(firewall, cases.map(\.frame)), cases.filter(\.allowed).map(\.frame))
    }

    func testPacketsWithoutPortsMatchOnlyRulesWithoutPorts() {
        let firewall = ACLFirewall(rules: [
            ACLRule(.allow, destinationPorts: 0...65535),
            ACLRule(.allow, protocolNumber: IPv4.icmp),
        ], defaultAction: .deny)
        let ping = frames.icmp("10.0.0.1", "10.0.0.2")
        let tail = frames.fragment("10.0.0.1", "10.0.0.2", destinationPort: 80)
        let tcp = frames.ipv4("10.0.0.1", "10.0.0.2", destinationPort: 80)
        XCTAssertEqual(run(firewall, [ping, tail, tcp]), [ping, tcp], "a fragment tail has no ports to match")
        XCTAssertEqual([firewall.hits(rule: 0), firewall.hits(rule: 1), firewall.defaultHits], [1, 1, 1])
    }

    func testPrefixesMatchOnTheirLeadingBitsOnly() {
        XCTAssertEqual(IPv4Prefix("10.1.2.3/8"), IPv4Prefix(IPv4Address(10, 0, 0, 0), length: 8))
        XCTAssertEqual(IPv4Prefix("10.1.2.3")?.length, 32)
        XCTAssertNil(IPv4Prefix("10.1.2.3/33"))
        XCTAssertNil(IPv4Prefix("10.1.2/8"))
        XCTAssertTrue(IPv4Prefix.any.contains(IPv4Address(255, 255, 255, 255)))
        let firewall = ACLFirewall(rules: [ACLRule(.allow, source: IPv4Prefix("172.16.0.0/12")!)], defaultAction: .deny)
        let input = ["172.15.255.255", "172.16.0.0", "172.31.255.255", "172.32.0.0"].map { frames.ipv4($0, "10.0.0.1") }
        XCTAssertEqual(run(firewall, input), [input[1], input[2]])
    }

    func testFailsClosedOnFramesItCannotClassify() {
        let firewall = ACLFirewall(rules: [], defaultAction: .allow)
        let port = MemoryPort(pool: frames.pool)
        var nf = firewall.filter(port.received()).send(to: port)
        port.write(TestFrames.arp)
        port.write(frames.ipv6(source: 1, destination: 2, sourcePort: 1, destinationPort: 2))
        nf.drain(port)
        XCTAssertEqual(port.read(), [])
        XCTAssertEqual(nf.parent.parent.mismatched, 2, "dropped at the IPv4 parse, never seen by the rules")
        XCTAssertEqual(firewall.defaultHits, 0)
    }
}
