import RPCDecode
import XCTest

/// HTTP/2 framing shapes and protocol errors through `GRPCConnectionDecoder`, built frame by frame.
final class GRPCConnectionDecoderTests: XCTestCase {
    typealias F = HTTP2Frames

    private func decode(_ chunks: [(Direction, [UInt8])], limits: DecodeLimits = DecodeLimits(),
                        file: StaticString = #filePath, line: UInt = #line) throws -> [MessageRecord] {
        try GRPCConversation.decode(chunks, limits: limits, file: file, line: line)
    }

    private func failure(_ chunks: [(Direction, [UInt8])], limits: DecodeLimits = DecodeLimits(),
                         file: StaticString = #filePath, line: UInt = #line) -> DecodeError? {
        GRPCConversation.failure(chunks, limits: limits, file: file, line: line)
    }

    func testPaddingPriorityContinuationAndControlFramesAroundMessages() throws {
        let block = F.block(F.grpcRequestHeaders(extra: [("x-long", String(repeating: "z", count: 100))]))
        let message = F.grpcMessage(Array("hello".utf8))
        let client = F.preface + F.settings([(0x1, 8192), (0xFE03, 1)])
            // HEADERS with PADDED and PRIORITY, its block split over two CONTINUATIONs.
            + F.frame(0x1, flags: 0x8 | 0x20, stream: 1, [3, 0, 0, 0, 0, 16] + block.prefix(10) + [0, 0, 0])
            + F.frame(0x9, stream: 1, Array(block[10..<50]))
            + F.frame(0x9, flags: 0x4, stream: 1, Array(block[50...]))
            + F.frame(0x2, stream: 1, [0, 0, 0, 0, 7])                       // PRIORITY
            + F.frame(0xEE, flags: 0xFF, stream: 5, [1, 2, 3])                // unknown type: ignored
            + F.frame(0x6, stream: 0, [UInt8](repeating: 1, count: 8))        // PING
            + F.frame(0x8, stream: 0, [0, 0, 1, 0])                           // WINDOW_UPDATE
            + F.data(stream: 1, Array(message.prefix(3)), padding: 7)         // message split over
            + F.data(stream: 1, Array(message[3...]) + message, endStream: true, padding: 0) // frames, then a 2nd
        let server = F.settings() + F.frame(0x4, flags: 1, stream: 0, [])
            + F.headers(stream: 1, [(":status", "200"), ("content-type", "application/grpc")])
            + F.data(stream: 1, F.grpcMessage([]))                                              // empty message
            + F.headers(stream: 1, [("grpc-status", "0"), ("grpc-message", "ok%20%F0%9F%91%8D")], endStream: true)
            + F.frame(0x7, stream: 0, [0, 0, 0, 1, 0, 0, 0, 0])                                // GOAWAY
        let records = try decode([(.clientToServer, client), (.serverToClient, server)])
        XCTAssertEqual(records.map(\.kind), [.request, .streamMessage, .response, .trailers])
        XCTAssertEqual(records.map { String(decoding: $0.payload, as: UTF8.self) }, ["hello", "hello", "", ""])
        XCTAssertEqual(records[0].service, "pkg.Svc")
        XCTAssertEqual(records[0].method, "Call")
        XCTAssertEqual(records[0].metadata.string(named: "x-long")?.count, 100)
        XCTAssertEqual(records[3].status, RPCStatus(code: 0, message: "ok 👍"))
        XCTAssertEqual(records[3].method, "Call", "responses carry their request's method")
        // The first message ends in the last DATA frame (27 octets: header, pad length, the
        // message's last 7 octets, the second 10-octet message): at its 7th payload octet.
        XCTAssertEqual(records[0].endOffset, UInt64(client.count - 27 + 9 + 1 + 6))
        XCTAssertEqual(records[1].endOffset, UInt64(client.count - 1))
    }

    /// A call's stream object is reused for the next call, headers storage and all: each call's
    /// messages carry its own headers only, and messages handed out earlier keep theirs.
    func testACallOnAReusedStreamCarriesOnlyItsOwnHeaders() throws {
        func call(_ stream: UInt32, _ tag: String) -> [(Direction, [UInt8])] {
            let request = F.headers(stream: stream, F.grpcRequestHeaders(extra: [("x-\(tag)", tag)]))
                + F.data(stream: stream, F.grpcMessage(Array(tag.utf8)), endStream: true)
            let response = F.headers(stream: stream, [(":status", "200"), ("content-type", "application/grpc"), ("x-reply-\(tag)", tag)])
                + F.data(stream: stream, F.grpcMessage(Array(tag.utf8)))
                + F.headers(stream: stream, [("grpc-status", "0")], endStream: true)
            return [(.clientToServer, request), (.serverToClient, response)]
        }
        let opening: [(Direction, [UInt8])] = [(.clientToServer, F.preface + F.settings()), (.serverToClient, F.settings())]
        let records = try decode(opening + call(1, "first") + call(3, "second"))
        XCTAssertEqual(records.map(\.kind), [.request, .response, .trailers, .request, .response, .trailers])
        let names = records.map { record in (0..<record.metadata.count).map { String(decoding: record.metadata[$0].name, as: UTF8.self) } }
        XCTAssertTrue(names[0].contains("x-first"))
        XCTAssertTrue(names[1].contains("x-reply-first"))
        XCTAssertTrue(names[3].contains("x-second"))
        XCTAssertFalse(names[3].contains("x-first"))
        XCTAssertTrue(names[4].contains("x-reply-second"))
        XCTAssertFalse(names[4].contains("x-reply-first"))
        XCTAssertEqual(records[0].metadata.string(named: "x-first"), "first")
        XCTAssertEqual(records[3].metadata.string(named: "x-second"), "second")
    }

    func testPlainHTTP2RequestAndResponseAreMessages() throws {
        let client = F.preface + F.settings()
            + F.headers(stream: 1, [(":method", "POST"), (":scheme", "http"), (":path", "/login"), (":authority", "web"),
                                    ("content-type", "application/x-www-form-urlencoded")])
            + F.data(stream: 1, Array("user=al".utf8)) + F.data(stream: 1, Array("ice".utf8), endStream: true)
        let server = F.settings() + F.headers(stream: 1, [(":status", "302"), ("location", "/")])
            + F.data(stream: 1, Array("moved".utf8), endStream: true)
        let records = try decode([(.clientToServer, client), (.serverToClient, server)])
        XCTAssertEqual(records.count, 2)
        XCTAssertEqual(records[0].wire, .http2)
        XCTAssertEqual(records[0].method, "POST /login")
        XCTAssertEqual(records[0].service, "web")
        XCTAssertEqual(records[0].payloadEncoding, .form)
        XCTAssertEqual(String(decoding: records[0].payload, as: UTF8.self), "user=alice")
        XCTAssertEqual(records[0].endOffset, UInt64(client.count - 1))
        XCTAssertEqual(records[1].status?.code, 302)
        XCTAssertEqual(String(decoding: records[1].payload, as: UTF8.self), "moved")
    }

    func testH2CUpgrade() throws {
        let request = "GET /status HTTP/1.1\r\nHost: web:8080\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQCAAAAAAIAAAAA\r\n\r\n"
        let client = Array(request.utf8) + F.preface + F.settings()
        let server = Array("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n".utf8)
            + F.settings() + F.headers(stream: 1, [(":status", "200")]) + F.data(stream: 1, Array("up".utf8), endStream: true)
        let records = try decode([(.clientToServer, client), (.serverToClient, server)])
        XCTAssertEqual(records.map(\.kind), [.request, .response])
        XCTAssertEqual(records[0].method, "GET /status")
        XCTAssertEqual(records[0].service, "web:8080")
        XCTAssertEqual(records[0].endOffset, UInt64(request.utf8.count - 1))
        XCTAssertEqual(records[1].status?.code, 200)
        XCTAssertEqual(String(decoding: records[1].payload, as: UTF8.self), "up")
    }

    func testTrailersOnlyResponseAndEmptyClientStream() throws {
        let client = F.preface + F.headers(stream: 1, F.grpcRequestHeaders(), endStream: true)
        let server = F.headers(stream: 1, [(":status", "200"), ("content-type", "application/grpc"),
                                           ("grpc-status", "12"), ("grpc-message", "unimplemented")], endStream: true)
        let records = try decode([(.clientToServer, client), (.serverToClient, server)])
        XCTAssertEqual(records.map(\.kind), [.request, .trailers])
        XCTAssertEqual(records[0].payload, [])
        XCTAssertEqual(records[1].status, RPCStatus(code: 12, message: "unimplemented"))
    }

    func testMalformedStreamsAreTypedErrorsWithOffsets() {
        let open = F.preface + F.headers(stream: 1, F.grpcRequestHeaders())
        XCTAssertEqual(failure([(.clientToServer, Array("GET / HTTP/1.1\r\nHost: x\r\n\r\n".utf8))])?.reason,
                       .malformed("HTTP/1.1 request on an HTTP/2 port without a bodiless Upgrade: h2c"))
        XCTAssertEqual(failure([(.clientToServer, F.preface + F.frame(0x9, flags: 4, stream: 1, []))])?.offset, 24)
        let interrupted = F.preface + F.frame(0x1, stream: 1, F.block(F.grpcRequestHeaders())) + F.data(stream: 1, [])
        let interruptedError = failure([(.clientToServer, interrupted)])
        XCTAssertEqual(interruptedError?.offset, UInt64(interrupted.count - 9))
        XCTAssertEqual(interruptedError?.reason, .malformed("expected CONTINUATION for stream 1 (RFC 9113 §6.10)"))
        XCTAssertEqual(failure([(.clientToServer, open + F.frame(0x0, flags: 0x8, stream: 1, [5, 1, 2]))])?.reason,
                       .malformed("padding longer than the frame payload"))
        XCTAssertEqual(failure([(.clientToServer, F.preface + F.frame(0x4, stream: 0, [1, 2, 3]))])?.offset, 24)
        XCTAssertEqual(failure([(.clientToServer, F.preface + F.data(stream: 3, [1]))])?.reason,
                       .malformed("DATA for stream 3, which the client never opened"))
        XCTAssertEqual(failure([(.clientToServer, open + F.headers(stream: 1, [], endStream: true) + F.headers(stream: 1, F.grpcRequestHeaders()))])?.reason,
                       nil, "a second HEADERS on an open stream (client trailers) is allowed")
        XCTAssertEqual(failure([(.clientToServer, open + F.data(stream: 1, F.grpcMessage([1, 2, 3]).prefix(4) + [], endStream: true))])?.reason,
                       .malformed("stream 1 ended inside a gRPC message"))
        XCTAssertEqual(failure([(.clientToServer, open + F.data(stream: 1, [0, 0, 0]))])?.reason, .truncated,
                       "the connection ended inside a message")
        XCTAssertEqual(failure([(.clientToServer, open + F.data(stream: 1, F.grpcMessage([1], compressed: true)))])?.reason,
                       .compression("compressed message with grpc-encoding identity"))
        let gzipOpen = F.preface + F.headers(stream: 1, F.grpcRequestHeaders(extra: [("grpc-encoding", "gzip")]))
        XCTAssertEqual(failure([(.clientToServer, gzipOpen + F.data(stream: 1, F.grpcMessage([1, 2, 3], compressed: true)))])?.reason,
                       .compression("zlib error -3"))
    }

    func testDecoderStaysFailedAndRejectsOutOfOrderBytes() throws {
        var decoder = GRPCConnectionDecoder()
        var sink = CollectingSink()
        XCTAssertThrowsError(try decoder.feed(F.preface, at: 5, from: .clientToServer, into: &sink)) { error in
            XCTAssertEqual((error as? DecodeError)?.reason, .discontiguous(expected: 0))
        }
        XCTAssertThrowsError(try decoder.feed(F.preface, at: 0, from: .clientToServer, into: &sink), "stays failed")
    }

    func testLimits() {
        var small = DecodeLimits()
        small.maxMessageSize = 100
        small.maxFrameSize = 1000
        small.maxConcurrentStreams = 3
        small.maxRapidResets = 5
        small.maxHeaderListSize = 300
        let open = F.preface + F.headers(stream: 1, F.grpcRequestHeaders())
        let big = failure([(.clientToServer, open + F.data(stream: 1, F.grpcMessage([UInt8](repeating: 0, count: 101))))], limits: small)
        XCTAssertEqual(big?.reason, .limitExceeded(.maxMessageSize, value: 101))
        XCTAssertEqual(big?.offset, UInt64(open.count + 9 + 4), "the offset of the length prefix's last byte")
        let frame = failure([(.clientToServer, open + F.data(stream: 1, [UInt8](repeating: 0, count: 1001)))], limits: small)
        XCTAssertEqual(frame?.reason, .limitExceeded(.maxFrameSize, value: 1001))
        XCTAssertEqual(frame?.offset, UInt64(open.count))
        var streams = F.preface
        for id in stride(from: UInt32(1), through: 7, by: 2) { streams += F.headers(stream: id, F.grpcRequestHeaders()) }
        XCTAssertEqual(failure([(.clientToServer, streams)], limits: small)?.reason, .limitExceeded(.maxConcurrentStreams, value: 4))
        var churn = F.preface
        for id in stride(from: UInt32(1), through: 13, by: 2) {
            churn += F.headers(stream: id, F.grpcRequestHeaders()) + F.rstStream(stream: id)
        }
        XCTAssertEqual(failure([(.clientToServer, churn)], limits: small)?.reason, .limitExceeded(.rapidReset, value: 6))
        let headers = F.preface + F.headers(stream: 1, F.grpcRequestHeaders(extra: [("x", String(repeating: "a", count: 100))]))
        XCTAssertEqual(failure([(.clientToServer, headers)], limits: small)?.reason.isHeaderListLimit, true)
        // Many calls one after the other, some cancelled after their response began, are neither.
        var calls: [(Direction, [UInt8])] = [(.clientToServer, F.preface)]
        for id in stride(from: UInt32(1), through: 13, by: 2) {
            calls.append((.clientToServer, F.headers(stream: id, F.grpcRequestHeaders()) + F.data(stream: id, F.grpcMessage([1]), endStream: true)))
            calls.append((.serverToClient, F.headers(stream: id, [(":status", "200"), ("content-type", "application/grpc")])))
            if id % 3 == 0 {
                calls.append((.clientToServer, F.rstStream(stream: id)))
            } else {
                calls.append((.serverToClient, F.headers(stream: id, [("grpc-status", "0")], endStream: true)))
            }
        }
        XCTAssertNil(failure(calls, limits: small))
    }
}

extension DecodeError.Reason {
    var isHeaderListLimit: Bool {
        if case .limitExceeded(.maxHeaderListSize, _) = self { return true }
        return false
    }
}
