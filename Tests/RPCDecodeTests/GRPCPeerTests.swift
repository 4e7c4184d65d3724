import Foundation
import RPCDecode
import XCTest

/// gRPC traffic between a real Python grpcio client and server (Peers/grpc_peer.py), recorded on
/// loopback: every call kind, custom and binary metadata, trace context, gzip, an error status.
/// Every decoded message is compared with what the peers sent, for every way of cutting the bytes.
final class GRPCPeerTests: XCTestCase {
    struct Expected: Decodable {
        struct Call: Decodable {
            var method: String
            var kind: String
            var requests: [String]
            var responses: [String]
            var request_metadata: [[String]]
            var initial_metadata: [[String]]
            var trailing_metadata: [[String]]
            var code: Int
            var details: String
        }
        var service: String
        var calls: [Call]
    }

    /// The capture, made once for the class.
    nonisolated(unsafe) static var capture: (log: ConnectionLog, expected: Expected)?

    static func recordedTraffic() throws -> (log: ConnectionLog, expected: Expected) {
        if let capture { return capture }
        let python = try ExternalTool.requirePython(modules: ["grpc", "grpc_tools"])
        let out = try ExternalTool.temporaryDirectory("grpc")
        try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("grpc_peer.py").path,
                                      ExternalTool.fixturesDirectory.path, out.path])
        let log = try ConnectionLog(contentsOf: out.appendingPathComponent("conn0.log"))
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: out.appendingPathComponent("expected.json")))
        capture = (log, expected)
        try? FileManager.default.removeItem(at: out)
        return (log, expected)
    }

    func testEveryCallDecodesAsThePeersSentIt() throws {
        let (log, expected) = try Self.recordedTraffic()
        var reference: [MessageRecord]?
        for cutting in [Cutting.asRecorded, .dripFeed, .random(seed: 1), .random(seed: 2), .random(seed: 3)] {
            var decoder = GRPCConnectionDecoder()
            let records = try decoder.replay(log, cutting: cutting)
            try check(records, against: expected, cutting)
            if let reference {
                XCTAssertEqual(records, reference, "\(cutting) decodes differently from the recorded cuts")
            } else {
                reference = records
            }
        }
    }

    private func check(_ records: [MessageRecord], against expected: Expected, _ cutting: Cutting) throws {
        XCTAssertEqual(Set(records.map(\.streamID)).count, expected.calls.count, "\(cutting): one stream per call")
        for (index, call) in expected.calls.enumerated() {
            let stream = UInt64(1 + 2 * index)
            let mine = records.filter { $0.streamID == stream }
            let label = "\(cutting) call \(index) \(call.method) \(call.kind)"
            for record in mine {
                XCTAssertEqual(record.service, expected.service, label)
                XCTAssertEqual(record.method, call.method, label)
                XCTAssertEqual(record.wire, .grpc, label)
            }
            let requests = mine.filter { $0.direction == .clientToServer }
            XCTAssertEqual(requests.map { hex($0.payload) }, call.requests, "\(label): request payloads")
            XCTAssertEqual(requests.map(\.kind), call.requests.indices.map { $0 == 0 ? .request : .streamMessage }, label)
            if let first = requests.first {
                for pair in call.request_metadata {
                    XCTAssertEqual(first.metadata.value(named: pair[0]).map(hex), pair[1], "\(label): request metadata \(pair[0])")
                }
                XCTAssertEqual(first.metadata.string(named: ":path"), "/\(expected.service)/\(call.method)", label)
            }
            let fromServer = mine.filter { $0.direction == .serverToClient }
            let responses = fromServer.filter { $0.kind != .trailers }
            XCTAssertEqual(responses.map { hex($0.payload) }, call.responses, "\(label): response payloads")
            XCTAssertEqual(responses.map(\.kind), call.responses.indices.map { $0 == 0 ? .response : .streamMessage }, label)
            for response in responses {
                for pair in call.initial_metadata {
                    XCTAssertEqual(response.metadata.value(named: pair[0]).map(hex), pair[1], "\(label): initial metadata \(pair[0])")
                }
            }
            let trailers = fromServer.filter { $0.kind == .trailers }
            XCTAssertEqual(trailers.count, 1, "\(label): one trailers message")
            guard let last = trailers.first else { continue }
            XCTAssertEqual(fromServer.last, last, "\(label): trailers come last")
            XCTAssertEqual(last.status, RPCStatus(code: call.code, message: call.details), label)
            for pair in call.trailing_metadata {
                XCTAssertEqual(last.metadata.value(named: pair[0]).map(hex), pair[1], "\(label): trailing metadata \(pair[0])")
            }
        }
        let unary = try XCTUnwrap(records.first { $0.streamID == 1 && $0.kind == .request })
        let trace = try XCTUnwrap(unary.metadata.traceContext, "\(cutting): traceparent")
        XCTAssertEqual(trace.traceID, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(trace.parentID, "00f067aa0ba902b7")
        XCTAssertEqual(trace.flags, 1)
        XCTAssertEqual(trace.traceState, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7")
        XCTAssertEqual(trace.baggage.map { "\($0.key)=\($0.value)" }, ["userId=alice", "serverNode=DF 28", "isProduction=false"])
    }

    func testEndOffsetsPointAtEachMessagesLastByte() throws {
        let (log, _) = try Self.recordedTraffic()
        var whole = GRPCConnectionDecoder()
        let records = try whole.replay(log, cutting: .asRecorded)
        // Feeding each direction only up to a message's end offset must complete exactly the
        // messages up to it; one byte less must not complete it.
        for direction in [Direction.clientToServer, .serverToClient] {
            let bytes = log.bytes(direction)
            let ends = records.filter { $0.direction == direction }.map(\.endOffset)
            XCTAssertFalse(ends.isEmpty)
            XCTAssertEqual(ends, ends.sorted(), "end offsets increase")
            XCTAssertLessThan(ends.last ?? .max, UInt64(bytes.count))
        }
        var decoder = GRPCConnectionDecoder()
        var sink = CollectingSink()
        var offsets = [UInt64](repeating: 0, count: 2)
        for chunk in log.chunks {
            for byte in chunk.bytes {
                let d = chunk.direction.rawValue
                let before = sink.records.count
                try decoder.feed([byte], at: offsets[d], from: chunk.direction, into: &sink)
                for record in sink.records[before...] {
                    XCTAssertEqual(record.endOffset, offsets[d], "a message completes with the byte at its end offset")
                }
                offsets[d] += 1
            }
        }
        XCTAssertEqual(sink.records.count, records.count)
    }

    private func hex<C: Collection>(_ bytes: C) -> String where C.Element == UInt8 {
        bytes.map { String(format: "%02x", $0) }.joined()
    }
}
