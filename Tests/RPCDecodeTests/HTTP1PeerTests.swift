import Foundation
import RPCDecode
import XCTest

/// HTTP/1.1 between curl (keep-alive over several requests) or a pipelining client and a real
/// Python HTTP/1.1 server, recorded on loopback and decoded whole, drip-fed and in random cuts.
final class HTTP1PeerTests: XCTestCase {
    private func startServer() throws -> LoopbackServer {
        let python = try ExternalTool.requirePython(modules: [])
        return try LoopbackServer(python, [ExternalTool.peersDirectory.appendingPathComponent("http_server.py").path, "{port}"])
    }

    private func decodeAllCuts(_ log: ConnectionLog) throws -> [MessageRecord] {
        var results: [[MessageRecord]] = []
        for cutting in [Cutting.asRecorded, .dripFeed, .random(seed: 3)] {
            var decoder = HTTP1ConnectionDecoder()
            results.append(try decoder.replay(log, cutting: cutting))
        }
        XCTAssertEqual(results[0], results[1], "drip-fed")
        XCTAssertEqual(results[0], results[2], "random cuts")
        return results[0]
    }

    private func fields(_ record: MessageRecord) throws -> [DecodedField] {
        try record.payload.withUnsafeBytes { try HTTPBodyFields.decode($0, as: record.payloadEncoding) }
    }

    func testCurlKeepAliveFormJSONChunkedEmptyAndHead() throws {
        let server = try startServer()
        defer { server.stop() }
        let curl = try ExternalTool.require("curl")
        let url = "http://127.0.0.1:{port}"
        let json = #"{"a":1,"b":[true,null,"x"],"c":{"d":2.5}}"#
        let (connections, output) = try ExternalTool.relay(to: server.port, [
            curl, "-s", "-H", "traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "-d", "user=alice&pw=s%20cret+x", "\(url)/login",
            "--next", "-s", "-H", "Content-Type: application/json", "-d", json, "\(url)/json",
            "--next", "-s", "\(url)/chunked",
            "--next", "-s", "-H", "Transfer-Encoding: chunked", "-H", "Content-Type: text/plain", "--data-binary", "streamed body", "\(url)/upload",
            "--next", "-s", "\(url)/empty",
            "--next", "-s", "-I", "\(url)/head",
        ])
        XCTAssertEqual(connections.count, 1, "curl kept the connection alive: \(output)")
        let records = try decodeAllCuts(try XCTUnwrap(connections.first))
        let requests = records.filter { $0.kind == .request }
        let responses = records.filter { $0.kind == .response }
        XCTAssertEqual(requests.map(\.method), ["POST /login", "POST /json", "GET /chunked", "POST /upload", "GET /empty", "HEAD /head"])
        XCTAssertEqual(responses.map(\.method), requests.map(\.method))
        // The server names the request it answers; the decoder paired the same way.
        XCTAssertEqual(responses.map { $0.metadata.string(named: "x-echo") }, requests.map(\.method))
        XCTAssertEqual(requests.map(\.service), Array(repeating: "127.0.0.1:\(requests[0].service.split(separator: ":")[1])", count: 6))
        XCTAssertEqual(requests[0].metadata.traceContext?.traceID, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(try fields(requests[0]).map { "\($0.name)=\($0.value)" }, ["user=string(\"alice\")", "pw=string(\"s cret x\")"])
        XCTAssertEqual(requests[1].payloadEncoding, .json)
        XCTAssertEqual(try fields(requests[1]), [
            DecodedField(name: "a", number: 0, value: .int(1)),
            DecodedField(name: "b", number: 1, value: .list([.bool(true), .null, .string("x")])),
            DecodedField(name: "c", number: 2, value: .message([DecodedField(name: "d", number: 0, value: .double(2.5))])),
        ])
        XCTAssertEqual(String(decoding: requests[3].payload, as: UTF8.self), "streamed body", "chunked request body")
        XCTAssertEqual(responses.map { $0.status?.code }, [201, 201, 200, 201, 204, 200])
        XCTAssertEqual(String(decoding: responses[2].payload, as: UTF8.self), "first,second,third")
        XCTAssertEqual(responses[2].metadata.string(named: "x-checksum"), "42", "chunked trailer")
        XCTAssertEqual(responses[5].payload, [], "HEAD response has no body")
        // Each body is what the server wrote, which curl printed.
        for response in responses.prefix(4) {
            XCTAssertTrue(output.contains(String(decoding: response.payload, as: UTF8.self)))
        }
        XCTAssertEqual(try fields(responses[1]).first { $0.name == "length" }?.value, .int(Int64(json.utf8.count)))
    }

    func testPipelinedRequests() throws {
        let server = try startServer()
        defer { server.stop() }
        let python = try ExternalTool.requirePython(modules: [])
        let (connections, output) = try ExternalTool.relay(to: server.port, [python, ExternalTool.peersDirectory.appendingPathComponent("http_pipeline.py").path, "{port}"])
        XCTAssertEqual(output, "5", "the server answered all five")
        let records = try decodeAllCuts(try XCTUnwrap(connections.first))
        let requests = records.filter { $0.kind == .request }
        let responses = records.filter { $0.kind == .response }
        XCTAssertEqual(requests.map(\.method), ["GET /a", "POST /b", "HEAD /c", "GET /chunked", "GET /d"])
        XCTAssertEqual(responses.map { $0.metadata.string(named: "x-echo") }, requests.map(\.method))
        XCTAssertEqual(responses.map(\.streamID), [0, 1, 2, 3, 4])
        XCTAssertEqual(try fields(requests[1]).map(\.value), [.string("v"), .string("y! ")])
    }

    func testMalformedAndOverLimitStreams() {
        func failure(_ text: String, _ direction: Direction = .clientToServer, limits: DecodeLimits = DecodeLimits()) -> DecodeError? {
            decodeFailure(HTTP1ConnectionDecoder(limits: limits), Array(text.utf8), from: direction)
        }
        XCTAssertEqual(failure("HTTP/1.1 200 OK\r\n\r\n")?.reason, .malformed("a status line from the client"))
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nbad header\r\n\r\n")?.reason, .malformed("header line without a name and colon"))
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nContent-Length: x\r\n\r\n")?.reason, .malformed("Content-Length \"x\""))
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")?.reason, .malformed("chunk size is not hexadecimal"))
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nContent-Length: 5\r\n\r\nab")?.reason, .truncated)
        let upgrade = failure("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n\r\n", .serverToClient)
        XCTAssertEqual(upgrade?.reason, .malformed("connection switched to websocket; later bytes are not HTTP/1.1"))
        var small = DecodeLimits()
        small.maxMessageSize = 10
        small.maxHeaderListSize = 64
        small.maxPipelinedRequests = 1
        XCTAssertEqual(failure("POST / HTTP/1.1\r\nContent-Length: 11\r\n\r\n", limits: small)?.reason, .limitExceeded(.maxMessageSize, value: 11))
        XCTAssertEqual(failure("GET / HTTP/1.1\r\nX: " + String(repeating: "a", count: 80), limits: small)?.reason.isHeaderListLimit, true)
        XCTAssertEqual(failure("GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n", limits: small)?.reason, .limitExceeded(.maxPipelinedRequests, value: 2))
        // A response delimited by the close is complete at the close.
        var decoder = HTTP1ConnectionDecoder()
        var sink = CollectingSink()
        XCTAssertNoThrow(try decoder.feed(Array("GET / HTTP/1.0\r\n\r\n".utf8), at: 0, from: .clientToServer, into: &sink))
        XCTAssertNoThrow(try decoder.feed(Array("HTTP/1.0 200 OK\r\n\r\nuntil close".utf8), at: 0, from: .serverToClient, into: &sink))
        XCTAssertEqual(sink.records.count, 1)
        XCTAssertNoThrow(try decoder.finish(.serverToClient, into: &sink))
        XCTAssertEqual(sink.records.last.map { String(decoding: $0.payload, as: UTF8.self) }, "until close")
    }
}
