import ControlAPI
import Foundation
import Models
import XCTest

/// docs/control-api.schema.json matches the ControlAPI types: sample lines, encoded exactly as
/// the switch and ucdbg encode them (`ControlLine.encode`), validate against their definitions
/// with Python's `jsonschema` (an independent JSON Schema 2020-12 validator), and lines with a
/// member misnamed or missing do not.
final class ControlSchemaTests: XCTestCase {
    private static let trace = "4bf92f3577b34da6a3ce929d0e0e4736"

    private static let pattern = MessagePattern(
        message: MessageID(service: "kv", method: "Insert", kind: .request), direction: .recv, at: "kv",
        when: PredicateNode(op: .and, args: [
            PredicateNode(op: .eq, args: [PredicateNode(op: .field, path: "author", type: .sort("User")),
                                          PredicateNode(op: .const, type: .sort("User"), string: "alice")]),
            PredicateNode(op: .prefix, string: "post/", args: [PredicateNode(op: .field, path: "key", type: .string)]),
            PredicateNode(op: .not, args: [PredicateNode(op: .const, type: .bool, bool: false)])]),
        trace: trace)

    private static let message = MessageEvent(
        stop: 3, reason: "breakpoint", breakpoint: 1, time: "2026-11-22T09:50:44.123456Z", app: "webforum",
        from: .init(service: "frontend", address: "10.0.0.10", port: 41234), to: .init(service: "kv", address: "10.0.0.12", port: 50052),
        protocol: "grpc", method: "Insert", kind: "request", stream: 1, trace: trace,
        fields: ["key": .string("post/1"), "n": .number(2), "ok": .bool(true), "tags": .array([.null]), "inner": .object(["a": .number(1.5)])],
        headers: [["content-type", "application/grpc"]], status: 200)

    private static func reply(_ id: Int, _ fill: (inout ControlReply) -> Void) -> ControlReply {
        var reply = ControlReply(id: id)
        fill(&reply)
        return reply
    }

    /// (definition, encoded line) pairs that must validate.
    private static var validSamples: [(String, Data)] {
        let definition = BreakpointDefinition(number: 1, text: "kv.Insert", action: .hold, temporary: true, app: "webforum", pattern: pattern)
        var counted = definition
        counted.hits = 4
        var watched = message
        watched.stop = nil
        watched.status = nil
        watched.trace = nil
        let apps = [ApplicationCatalog(name: "webforum", mode: "enforce", services: [
            .init(name: "kv", protocol: "grpc", address: "10.0.0.12:50052", methods: ["Insert", "Get"])])]
        let record = TraceRecord(time: "2026-11-22T09:50:44.123456Z", app: "webforum", from: "frontend", to: "kv", method: "Insert",
                                 kind: "request", verdict: "held")
        var samples: [(String, Data)] = [
            ("HelloRequest", ControlLine.encode(ControlRequest(id: 1, op: .hello, version: ControlVersion.current, token: "ab12", client: "ucdbg"))),
            ("BreakRequest", ControlLine.encode(ControlRequest(id: 2, op: .break, breakpoint: definition))),
            ("DeleteRequest", ControlLine.encode(ControlRequest(id: 3, op: .delete, number: 1))),
            ("DeleteRequest", ControlLine.encode(ControlRequest(id: 4, op: .delete))),
            ("BreakpointsRequest", ControlLine.encode(ControlRequest(id: 5, op: .breakpoints))),
            ("ContinueRequest", ControlLine.encode(ControlRequest(id: 6, op: .continue, stop: 3))),
            ("ContinueRequest", ControlLine.encode(ControlRequest(id: 7, op: .continue))),
            ("StepRequest", ControlLine.encode(ControlRequest(id: 8, op: .step, stop: 3, trace: trace))),
            ("StepRequest", ControlLine.encode(ControlRequest(id: 9, op: .step, trace: trace))),
            ("UnstepRequest", ControlLine.encode(ControlRequest(id: 10, op: .unstep, trace: trace))),
            ("DropRequest", ControlLine.encode(ControlRequest(id: 11, op: .drop, stop: 3))),
            ("RequestsRequest", ControlLine.encode(ControlRequest(id: 12, op: .requests))),
            ("TraceRequest", ControlLine.encode(ControlRequest(id: 13, op: .trace, trace: trace))),
            ("PingRequest", ControlLine.encode(ControlRequest(id: 14, op: .ping))),
            ("ErrorReply", ControlLine.encode(ControlReply.failure(1, "wrong token"))),
            ("ErrorReply", ControlLine.encode(reply(1) { $0.ok = false; $0.error = "version 2 not spoken"; $0.versions = [1] })),
            ("HelloReply", ControlLine.encode(reply(1) {
                $0.switch = "sw1"; $0.pid = 4242; $0.session = 7; $0.sessionTimeout = 10; $0.apps = apps
            })),
            ("EmptyReply", ControlLine.encode(ControlReply(id: 2))),
            ("DeleteReply", ControlLine.encode(reply(3) { $0.deleted = [1, 2] })),
            ("BreakpointsReply", ControlLine.encode(reply(5) { $0.breakpoints = [counted] })),
            ("ReleaseReply", ControlLine.encode(reply(6) { $0.released = [3] })),
            ("RequestsReply", ControlLine.encode(reply(12) {
                $0.stops = [message]; $0.stepping = [trace]
                $0.recent = [RecentRequest(trace: trace, messages: 3, last: "2026-11-22T09:50:44.123456Z")]
            })),
            ("TraceReply", ControlLine.encode(reply(13) { $0.messages = [record] })),
            ("StopEvent", ControlLine.encode(ControlEvent(event: .stop, message: message))),
            ("WatchEvent", ControlLine.encode(ControlEvent(event: .watch, message: watched))),
            ("FinishedEvent", ControlLine.encode(ControlEvent(event: .finished, trace: trace))),
        ]
        for how in ["continue", "step", "drop", "timeout", "closed"] {
            samples.append(("ReleasedEvent", ControlLine.encode(ControlEvent(event: .released, stop: 3, how: how))))
        }
        return samples
    }

    func testEveryEncodedLineValidatesAgainstItsDefinition() throws {
        let results = try validate(Self.validSamples)
        for ((definition, line), verdict) in zip(Self.validSamples, results) {
            XCTAssertEqual(verdict, "valid", "\(definition): \(String(decoding: line, as: UTF8.self))")
        }
    }

    func testMisnamedOrMissingMembersAreRejected() throws {
        let hello = String(decoding: Self.validSamples.first { $0.0 == "HelloReply" }!.1, as: UTF8.self)
        let stop = String(decoding: Self.validSamples.first { $0.0 == "StopEvent" }!.1, as: UTF8.self)
        let invalid: [(String, Data)] = [
            ("HelloReply", Data(hello.replacingOccurrences(of: "session_timeout", with: "sessionTimeout").utf8)),
            ("StopEvent", Data(stop.replacingOccurrences(of: "\"stop\":3,", with: "").utf8)),
            ("BreakRequest", Data("{\"id\":1,\"op\":\"break\"}\n".utf8)),
            ("ReleasedEvent", Data("{\"event\":\"released\",\"how\":\"later\",\"stop\":1}\n".utf8)),
        ]
        for ((definition, line), verdict) in zip(invalid, try validate(invalid)) {
            XCTAssertEqual(verdict, "invalid", "\(definition) accepted: \(String(decoding: line, as: UTF8.self))")
        }
    }

    /// "valid" or "invalid" for each sample, checked against its definition and against the
    /// schema's root (any request, reply or event).
    private func validate(_ samples: [(String, Data)]) throws -> [String] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("ucdbg-schema-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        var input = Data()
        for (definition, line) in samples { input += Data("\(definition)\t".utf8) + line }
        try input.write(to: directory.appendingPathComponent("samples"))
        let script = """
            import json, sys
            from jsonschema import Draft202012Validator
            schema = json.load(open(sys.argv[1]))
            Draft202012Validator.check_schema(schema)
            root = Draft202012Validator(schema)
            for entry in open(sys.argv[2]):
                name, line = entry.rstrip("\\n").split("\\t", 1)
                value = json.loads(line)
                own = Draft202012Validator({"$schema": schema["$schema"], "$defs": schema["$defs"], "$ref": "#/$defs/" + name})
                print("valid" if own.is_valid(value) and root.is_valid(value) else "invalid")
            """
        try script.write(to: directory.appendingPathComponent("validate.py"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", directory.appendingPathComponent("validate.py").path,
                             SpecFixture.root.appendingPathComponent("docs/control-api.schema.json").path,
                             directory.appendingPathComponent("samples").path]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let complaint = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        XCTAssertEqual(process.terminationStatus, 0, "python3 jsonschema failed (scripts/setup installs it): \(complaint)")
        let verdicts = printed.split(separator: "\n").map(String.init)
        XCTAssertEqual(verdicts.count, samples.count)
        return verdicts
    }
}
