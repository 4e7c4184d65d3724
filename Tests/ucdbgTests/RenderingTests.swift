import ControlAPI
import DebuggerClient
import Models
import XCTest

final class RenderingTests: XCTestCase {
    private func record(_ time: String, _ from: String, _ to: String, _ method: String, _ kind: String, _ verdict: String = "allowed") -> TraceRecord {
        TraceRecord(time: "2026-11-22T\(time)Z", app: "webforum", from: from, to: to, method: method, kind: kind, verdict: verdict)
    }

    static let insert = MessageEvent(
        stop: 3, reason: "breakpoint", breakpoint: 1, time: "2026-11-22T09:50:44.123456Z", app: "webforum",
        from: .init(service: "frontend", address: "10.0.0.10", port: 41234), to: .init(service: "kv", address: "10.0.0.12", port: 50052),
        protocol: "grpc", method: "Insert", kind: "request", stream: 1, trace: "4bf92f3577b34da6a3ce929d0e0e4736",
        fields: ["key": .string("post/1"), "author": .string("alice"), "meta": .object(["tags": .array([.string("a")]), "n": .number(2)])],
        headers: [["content-type", "application/grpc"]], status: nil)

    func testSequenceChartDrawsOneColumnPerServiceAndMarksTheHeldMessage() {
        let records = [record("09:50:44.100000", "client", "frontend", "post", "request"),
                       record("09:50:44.110000", "frontend", "auth", "Authenticate", "request"),
                       record("09:50:44.120000", "auth", "frontend", "Authenticate", "response"),
                       record("09:50:44.123456", "frontend", "kv", "Insert", "request", "held")]
        XCTAssertEqual(SequenceChart.render(records), """
            time             client                    frontend                  auth                      kv
                             |                         |                         |                         |
            09:50:44.100000  |------post request------>|                         |                         |
            09:50:44.110000  |                         |--Authenticate request-->|                         |
            09:50:44.120000  |                         |<-Authenticate response--|                         |
            09:50:44.123456  |                         |------------------Insert request------------------>|  held
            """)
    }

    func testMergeOrdersTheSwitchesRecordsByTime() {
        let first = [record("09:50:44.100000", "client", "frontend", "post", "request"),
                     record("09:50:44.300000", "kv", "frontend", "Insert", "response")]
        let second = [record("09:50:44.200000", "frontend", "kv", "Insert", "request"),
                      TraceRecord(time: "2026-11-22T10:50:44.150000+01:00", app: "webforum", from: "frontend", to: "auth",
                                  method: "Authenticate", kind: "request", verdict: "allowed")]
        XCTAssertEqual(SequenceChart.merge([first, second]).map(\.method), ["post", "Authenticate", "Insert", "Insert"])
        XCTAssertEqual(SequenceChart.merge([first, second]).map(\.kind), ["request", "request", "request", "response"])
    }

    func testStopReportIsGdbsStopLineThenTheRequestAndFields() {
        XCTAssertEqual(MessageRendering.report(Self.insert, title: "Breakpoint 1", switchName: "sw1"), """
            Breakpoint 1, kv.Insert request frontend → kv [sw1 stop 3]
              request 4bf92f3577b34da6a3ce929d0e0e4736
              author = "alice"
              key = "post/1"
              meta.n = 2
              meta.tags = ["a"]
            """)
        var watched = Self.insert
        watched.stop = nil
        watched.kind = "response"
        (watched.from, watched.to) = (watched.to, watched.from)
        watched.fields = [:]
        XCTAssertEqual(MessageRendering.report(watched, title: "Watchpoint 2", switchName: "sw2"), """
            Watchpoint 2, kv.Insert response kv → frontend [sw2]
              request 4bf92f3577b34da6a3ce929d0e0e4736
            """)
    }

    func testPrintShowsTheWholeMessageOrOneField() {
        XCTAssertEqual(MessageRendering.detail(Self.insert, switchName: "sw1"), """
            kv.Insert request frontend → kv
              from      frontend 10.0.0.10:41234
              to        kv 10.0.0.12:50052
              app       webforum
              switch    sw1, stop 3
              reason    breakpoint 1
              time      2026-11-22T09:50:44.123456Z
              protocol  grpc, stream 1
              request   4bf92f3577b34da6a3ce929d0e0e4736
              headers
                content-type: application/grpc
              fields
                author = "alice"
                key = "post/1"
                meta.n = 2
                meta.tags = ["a"]
            """)
        XCTAssertEqual(MessageRendering.field("meta.n", of: Self.insert), .number(2))
        XCTAssertEqual(MessageRendering.field("author", of: Self.insert), .string("alice"))
        XCTAssertNil(MessageRendering.field("meta.missing", of: Self.insert))
    }

    func testInfoBreakpointsTable() {
        let insert = MessagePattern(message: MessageID(service: "kv", method: "Insert", kind: .request))
        let breakpoints = [Breakpoint(number: 1, kind: .breakpoint, text: "kv.Insert", app: "webforum", pattern: insert),
                           Breakpoint(number: 2, kind: .temporary, text: "reply kv.Get", app: "webforum", pattern: insert),
                           Breakpoint(number: 10, kind: .watchpoint, text: "kv.Insert where author == \"bob\"", app: "webforum", pattern: insert)]
        XCTAssertEqual(BreakpointTable.render(breakpoints, hits: [1: 3, 10: 12]), """
            Num  Type        Disp  Hits  What
            1    breakpoint  keep  3     kv.Insert
            2    breakpoint  del   0     reply kv.Get
            10   watchpoint  keep  12    kv.Insert where author == "bob"
            """)
        XCTAssertEqual(BreakpointTable.render([], hits: [:]), "No breakpoints or watchpoints.")
        XCTAssertEqual(breakpoints[1].definition.action, .hold)
        XCTAssertTrue(breakpoints[1].definition.temporary)
        XCTAssertEqual(breakpoints[2].definition.action, .notify)
    }

    func testInfoRequestsTable() {
        let held = [RequestsTable.Held(isCurrent: false, switchName: "sw1", stop: 3, message: Self.insert),
                    RequestsTable.Held(isCurrent: true, switchName: "sw2", stop: 12, message: Self.insert)]
        let recent = RecentRequest(trace: "0af7651916cd43dd8448eb211c80319c", messages: 5, last: "2026-11-22T09:50:45.000001Z")
        XCTAssertEqual(RequestsTable.render(held: held, stepping: [("4bf92f3577b34da6a3ce929d0e0e4736", "sw1")], recent: [(recent, "sw2")]), """
            Held messages:
              Num  Switch  Stop  Message                          Request
              1    sw1     3     kv.Insert request frontend → kv  4bf92f3577b34da6a3ce929d0e0e4736
            * 2    sw2     12    kv.Insert request frontend → kv  4bf92f3577b34da6a3ce929d0e0e4736
            Stepping:
            Request                           Switch
            4bf92f3577b34da6a3ce929d0e0e4736  sw1
            Recent requests:
            Request                           Messages  Last                         Switch
            0af7651916cd43dd8448eb211c80319c  5         2026-11-22T09:50:45.000001Z  sw2
            """)
        XCTAssertEqual(RequestsTable.render(held: [], stepping: [], recent: []), "No held messages.")
    }
}
