import Foundation
import RPCDecode
import XCTest

/// `ucheck decode` on a pcap that tcpdump records while real grpcio peers talk: every message the
/// peers sent comes out with the same fields, and tshark, decoding the same capture, finds the
/// same gRPC messages (count, direction, length, compression flag).
final class DecodeCommandTests: XCTestCase {
    private var ucheck: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("ucheck").path
    }

    func testGRPCCaptureMatchesThePeersAndTshark() throws {
        let python = try ExternalTool.requirePython(modules: ["grpc", "grpc_tools"])
        _ = try ExternalTool.require("tcpdump")
        let tshark = try ExternalTool.require("tshark")
        XCTAssertTrue(FileManager.default.isExecutableFile(atPath: ucheck), "ucheck is built next to the tests")
        let out = try ExternalTool.temporaryDirectory("decode")
        defer { try? FileManager.default.removeItem(at: out) }
        let port = try LoopbackServer.freePort()
        let pcap = out.appendingPathComponent("grpc.pcap").path
        try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("capture.py").path, String(port), pcap, "--",
                                      python, ExternalTool.peersDirectory.appendingPathComponent("grpc_peer.py").path,
                                      ExternalTool.fixturesDirectory.path, out.path, String(port)])
        let proto = ExternalTool.fixturesDirectory.appendingPathComponent("store.proto").path
        let decoded = try ExternalTool.run(ucheck, ["decode", pcap, "--schema", proto, "--json"]).output
        let lines = try decoded.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertFalse(lines.contains { $0["error"] != nil }, decoded)
        let messages = lines.filter { ($0["kind"] as? String) != "trailers" }

        // What the peers sent, decoded in-process from their own serialization.
        let expected = try JSONDecoder().decode(GRPCPeerTests.Expected.self, from: Data(contentsOf: out.appendingPathComponent("expected.json")))
        let schema = try TestSchema.load()
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        func fieldsJSON(_ hex: String, _ type: Int) throws -> String {
            let fields = try Array(hexString: hex).withUnsafeBytes { try ProtobufDecoder(schema: schema).decode($0, as: type) }
            return String(decoding: try encoder.encode(FieldObject(fields: fields)), as: UTF8.self)
        }
        func canonical(_ object: Any?) throws -> String {
            String(decoding: try JSONSerialization.data(withJSONObject: object ?? [:], options: [.sortedKeys, .withoutEscapingSlashes]), as: UTF8.self)
        }
        var sent: [(method: String, direction: String, fields: String)] = []
        for call in expected.calls {
            let method = try XCTUnwrap(schema.method(service: expected.service, name: call.method))
            for hex in call.requests { sent.append((call.method, "request", try canonical(JSONSerialization.jsonObject(with: Data(try fieldsJSON(hex, method.inputType).utf8))))) }
            for hex in call.responses { sent.append((call.method, "response", try canonical(JSONSerialization.jsonObject(with: Data(try fieldsJSON(hex, method.outputType).utf8))))) }
        }
        let seen = try messages.map { ($0["method"] as? String ?? "", $0["direction"] as? String ?? "", try canonical($0["fields"])) }
        XCTAssertEqual(seen.count, sent.count)
        // Requests and responses interleave differently in time; compare each direction in order.
        for direction in ["request", "response"] {
            XCTAssertEqual(seen.filter { $0.1 == direction }.map { "\($0.0) \($0.2)" },
                           sent.filter { $0.direction == direction }.map { "\($0.method) \($0.fields)" }, direction)
        }
        XCTAssertEqual(lines.filter { ($0["kind"] as? String) == "trailers" }.count, expected.calls.count)

        // tshark on the same capture: gRPC messages per direction, their lengths and compression.
        let reference = try ExternalTool.run(tshark, ["-r", pcap, "-d", "tcp.port==\(port),http2", "-Y", "grpc", "-T", "fields",
                                                      "-e", "tcp.srcport", "-e", "grpc.message_length", "-e", "grpc.compressed_flag",
                                                      "-E", "occurrence=a", "-E", "separator=;"]).output
        var tsharkMessages: [String: [(length: Int, compressed: Bool)]] = [:]
        for line in reference.split(separator: "\n") where !line.hasPrefix("Running as") {
            let columns = line.split(separator: ";", omittingEmptySubsequences: false)
            guard columns.count == 3 else { continue }
            let lengths = columns[1].split(separator: ",").compactMap { Int($0) }
            let flags = columns[2].split(separator: ",").map { $0 != "0" }
            let direction = columns[0] == Substring(String(port)) ? "response" : "request"
            for (length, compressed) in zip(lengths, flags) { tsharkMessages[direction, default: []].append((length, compressed)) }
        }
        for direction in ["request", "response"] {
            let ours = messages.filter { ($0["direction"] as? String) == direction }
            let theirs = tsharkMessages[direction] ?? []
            XCTAssertEqual(ours.count, theirs.count, "tshark finds as many \(direction) messages")
            let compressedStream = 5
            let oursPlain = ours.filter { ($0["stream"] as? Int) != compressedStream }.map { $0["payload_length"] as? Int ?? -1 }
            XCTAssertEqual(oursPlain, theirs.filter { !$0.compressed }.map(\.length), "\(direction) lengths agree with tshark")
            XCTAssertEqual(ours.filter { ($0["stream"] as? Int) == compressedStream }.count, theirs.filter(\.compressed).count)
        }
    }

    func testNotAPcapIsAClearError() throws {
        let out = try ExternalTool.temporaryDirectory("notpcap")
        defer { try? FileManager.default.removeItem(at: out) }
        let file = out.appendingPathComponent("x.pcap")
        try Data("hello, this is not a packet capture file".utf8).write(to: file)
        let result = try ExternalTool.run(ucheck, ["decode", file.path], allowFailure: true)
        XCTAssertEqual(result.status, 2)
        XCTAssertTrue(result.output.contains("not a pcap file"), result.output)
    }
}
