import Enforcer
import Foundation
import Models
import NFRuntime
import RPCDecode
import XCTest

/// The enforcer without a switch: HTTP/1.1 bytes of the files application (specs/files.ucheck,
/// verified with Z3 and compiled here) fed to `Enforcer` as a window would, asserting each
/// message's verdict, the log record and the counters.
final class EnforcerHTTPTests: XCTestCase {
    nonisolated(unsafe) static var compiled: [String: CompiledSpec] = [:]

    /// `path` verified and compiled once for all tests.
    static func spec(_ path: String = "specs/files.ucheck") throws -> CompiledSpec {
        if let spec = compiled[path] { return spec }
        let checked = try SpecLoader.load(path: path)
        let spec = SpecCompiler().compile(checked, verdicts: Verifier().verify(checked))
        compiled[path] = spec
        return spec
    }

    struct Harness {
        let enforcer: Enforcer
        let store: PolicyStore
        let observer = MessageObserver()
        let metrics = MetricsRegistry(cores: 1)
        let logPath: String
        var flow: StreamID

        /// `spec` defaults to the files application.
        /// Debugger hooks, when made with `debug: true`: releases and drops land in `heldRequests`.
        let debug: DebugHub?
        let heldRequests = HeldPacketRequests(capacity: 8)

        init(spec: CompiledSpec? = nil, mode: EnforcementMode = .enforce, client: IPv4Address = IPv4Address(192, 168, 9, 1),
             server: (IPv4Address, UInt16) = (IPv4Address(10, 0, 0, 20), 8080), refuse: Bool = false, debug: Bool = false) throws {
            logPath = FileManager.default.temporaryDirectory.appendingPathComponent("violations-\(UUID().uuidString).jsonl").path
            let binding = try ApplicationBinding(spec: try spec ?? EnforcerHTTPTests.spec(), mode: mode, refuseUndeclaredPorts: refuse)
            let policy = try ApplicationPolicy(binding, metrics: metrics)
            store = PolicyStore(try EnforcementSnapshot([policy]))
            let log = try ViolationLog(path: logPath)
            self.debug = debug ? DebugHub(policies: store, requests: [heldRequests], log: log) : nil
            enforcer = Enforcer(policies: store, log: log, metrics: metrics, core: 0, debug: self.debug, clock: { 1_000 })
            enforcer.observer = observer
            flow = StreamID(connection: FlowKey(source: client, destination: server.0, sourcePort: 40000, destinationPort: server.1,
                                                protocolNumber: 6), isResponse: false)
        }

        var offsets = [UInt64](repeating: 0, count: 2)

        /// Feeds `text` in the given direction, as the window would, and returns the verdict.
        mutating func send(_ text: String, response: Bool = false) -> StreamVerdict {
            let bytes = Array(text.utf8)
            let id = StreamID(connection: flow.connection, isResponse: response)
            let i = response ? 1 : 0
            if offsets[i] == 0 { enforcer.open(id, midStream: false) }
            defer { offsets[i] += UInt64(bytes.count) }
            return bytes.withUnsafeBytes { enforcer.consume($0, at: offsets[i], of: id) }
        }

        var log: [[String: Any]] {
            ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n")
                .compactMap { try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any] }
        }
    }

    static func upload(_ path: String) -> String {
        let body = "path=\(path)&body=hello"
        return "POST /files HTTP/1.1\r\nHost: gw\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    static func reply(_ status: Int) -> String { "HTTP/1.1 \(status) X\r\nContent-Length: 2\r\n\r\nok" }

    func testAPlausibleRequestAndItsReplyPass() throws {
        var h = try Harness()
        XCTAssertEqual(h.send(Self.upload("public/docs/a.txt")), .forward)
        XCTAssertEqual(h.send(Self.reply(200), response: true), .forward)
        XCTAssertEqual(h.observer.events.map(\.verdict), ["allowed", "allowed"])
        XCTAssertEqual(h.observer.events.map(\.method), ["upload", "upload"])
        XCTAssertEqual(h.metrics.total(app: "files", service: "gateway", method: "upload", kind: "request", verdict: .allowed), 1)
        XCTAssertTrue(h.log.isEmpty)
    }

    func testARequestOutsideTheReceiversPreconditionIsDroppedAndLoggedOnce() throws {
        var h = try Harness()
        let request = Self.upload("etc/passwd")
        // Split mid-message: the first part completes nothing and passes; the completing part is dropped.
        let cut = request.index(request.startIndex, offsetBy: 30)
        XCTAssertEqual(h.send(String(request[..<cut])), .forward)
        XCTAssertEqual(h.send(String(request[cut...])), .drop)
        let log = h.log
        XCTAssertEqual(log.count, 1)
        XCTAssertEqual(log.first?["action"] as? String, "blocked")
        let violation = (log.first?["violations"] as? [[String: Any]])?.first
        XCTAssertEqual(violation?["kind"] as? String, "implausible-receive")
        XCTAssertEqual((log.first?["fields"] as? [String: Any])?["path"] as? String, "etc/passwd")
        XCTAssertEqual((log.first?["from"] as? [String: Any])?["service"] as? String, "client")
        XCTAssertEqual(h.metrics.total(app: "files", service: "gateway", method: "upload", kind: "request", verdict: .blocked), 1)
    }

    func testAReplyWithAStatusNoRuleSendsIsDroppedButAnErrorReplyPasses() throws {
        var h = try Harness()
        XCTAssertEqual(h.send(Self.upload("public/docs/a")), .forward)
        XCTAssertEqual(h.send(Self.reply(500), response: true), .forward, "refusing is always allowed")
        XCTAssertEqual(h.send(Self.upload("public/docs/b")), .forward)
        XCTAssertEqual(h.send(Self.reply(201), response: true), .drop, "the model replies 200 only")
        XCTAssertEqual((h.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "implausible-send")
    }

    func testARouteTheSpecDoesNotDeclareIsAnUnknownMessage() throws {
        var h = try Harness()
        XCTAssertEqual(h.send("GET /admin HTTP/1.1\r\nHost: gw\r\n\r\n"), .drop)
        XCTAssertEqual((h.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "unknown-message")
        XCTAssertEqual(h.metrics.total(app: "files", service: "gateway", method: "?", kind: "request", verdict: .blocked), 1)
    }

    func testMonitorModeLogsAndForwards() throws {
        var h = try Harness(mode: .monitor)
        XCTAssertEqual(h.send(Self.upload("etc/passwd")), .forward)
        XCTAssertEqual(h.send(Self.upload("public/docs/ok")), .forward, "monitor mode keeps checking the connection")
        XCTAssertEqual(h.log.map { $0["action"] as? String }, ["logged"])
        XCTAssertEqual(h.observer.events.map(\.verdict), ["logged", "allowed"])
    }

    func testBytesThatAreNotHTTPAreUndecodableAndDropped() throws {
        var h = try Harness()
        XCTAssertEqual(h.send("\u{16}\u{03}\u{01} not http at all\r\n\r\n"), .drop)
        XCTAssertEqual((h.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "undecodable")
    }

    func testAConnectionPickedUpMidStreamIsReset() throws {
        var h = try Harness()
        h.enforcer.open(h.flow, midStream: true)
        h.offsets[0] = 1000
        XCTAssertEqual(h.send(Self.upload("public/docs/a")), .drop)
        XCTAssertEqual((h.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "unverifiable-stream")
    }

    func testUndeclaredPortsPassOrAreRefusedByDefaultPolicy() throws {
        var passing = try Harness(server: (IPv4Address(10, 0, 0, 20), 22))
        XCTAssertEqual(passing.send("SSH-2.0-x\r\n"), .forward)
        XCTAssertTrue(passing.log.isEmpty)
        var refusing = try Harness(server: (IPv4Address(10, 0, 0, 20), 22), refuse: true)
        XCTAssertEqual(refusing.send("SSH-2.0-x\r\n"), .drop)
        XCTAssertEqual((refusing.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "undeclared-port")
    }

    func testAReloadAppliesToTheNextMessage() throws {
        var h = try Harness()
        XCTAssertEqual(h.send(Self.upload("public/docs/a")), .forward)
        XCTAssertEqual(h.send(Self.reply(200), response: true), .forward)
        // Reload with a spec whose gateway has no upload route: the same connection's next upload is unknown.
        var changed = try Self.spec()
        let gateway = try XCTUnwrap(changed.services.firstIndex { $0.name == "gateway" })
        changed.services[gateway].routes.removeAll { $0.name == "upload" }
        let policy = try ApplicationPolicy(try ApplicationBinding(spec: changed), metrics: h.metrics)
        h.store.replace(with: try EnforcementSnapshot([policy]))
        XCTAssertEqual(h.send(Self.upload("public/docs/b")), .drop)
        XCTAssertEqual((h.log.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "unknown-message")
    }
}
