import Foundation
import RPCDecode
import XCTest

/// A real grpcio server stopped gracefully while a bidi-streaming call is open
/// (Peers/grpc_goaway_peer.py): its GOAWAYs (2^31-1, then the last stream it processed) abandon
/// nothing, the open call goes on and ends as the client saw it, for every way of cutting the bytes.
final class GRPCGoAwayPeerTests: XCTestCase {
    struct Expected: Decodable {
        struct Reset: Decodable {
            var direction: Int
            var stream: UInt64
            var code: UInt32
        }
        /// The status code the client's call ended with, and the replies it received.
        var code: Int
        var replies: Int
        /// Found by walking the recorded frames in Python.
        var goaways: [UInt32]
        var resets: [Reset]
        var server_end_stream: [UInt64]
    }

    func testGracefulStopWithAnOpenCall() throws {
        let python = try ExternalTool.requirePython(modules: ["grpc", "grpc_tools"])
        let out = try ExternalTool.temporaryDirectory("grpc-goaway")
        defer { try? FileManager.default.removeItem(at: out) }
        try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("grpc_goaway_peer.py").path,
                                      ExternalTool.fixturesDirectory.path, out.path])
        let log = try ConnectionLog(contentsOf: out.appendingPathComponent("conn0.log"))
        let expected = try JSONDecoder().decode(Expected.self, from: Data(contentsOf: out.appendingPathComponent("expected.json")))
        XCTAssertEqual(expected.goaways.first, 0x7FFF_FFFF, "grpc-core's graceful stop begins with GOAWAY 2^31-1")
        XCTAssertEqual(expected.goaways.last, 1, "then names the open call's stream as processed")

        var reference: [MessageRecord]?
        for cutting in [Cutting.asRecorded, .dripFeed, .random(seed: 4), .random(seed: 5)] {
            var decoder = GRPCConnectionDecoder()
            let records = try decoder.replay(log, cutting: cutting)
            XCTAssertEqual(Set(records.map(\.streamID)), [1], "\(cutting)")
            XCTAssertFalse(records.contains { $0.kind == .abandoned }, "\(cutting): stream 1 ≤ the GOAWAY's last stream id")
            let responses = records.filter { $0.direction == .serverToClient && ($0.kind == .response || $0.kind == .streamMessage) }
            XCTAssertEqual(responses.count, expected.replies, "\(cutting)")
            XCTAssertEqual(records.filter { $0.direction == .clientToServer }.map(\.kind), [.request, .streamMessage], "\(cutting)")
            if expected.server_end_stream.contains(1) {
                // Ended by trailers; a reset after them (grpc-core's RST_STREAM NO_ERROR) ends nothing.
                XCTAssertEqual(records.last?.kind, .trailers, "\(cutting)")
                XCTAssertEqual(records.last?.status?.code, expected.code, "\(cutting)")
                XCTAssertFalse(records.contains { $0.kind == .reset }, "\(cutting)")
            } else {
                XCTAssertEqual(records.last?.kind, .reset, "\(cutting)")
                XCTAssertTrue(expected.resets.contains { $0.stream == 1 && $0.direction == records.last?.direction.rawValue }, "\(cutting)")
            }
            if let reference { XCTAssertEqual(records, reference, "\(cutting)") } else { reference = records }
        }
    }
}
