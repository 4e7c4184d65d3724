import RPCDecode
import XCTest

/// SETTINGS that bound the other direction from their ACK on (RFC 9113 §6.5.3), GOAWAY's
/// abandoned streams (§6.8) and RST_STREAM's ended calls, on hand-built frame sequences decoded
/// whole, drip-fed and in random cuts.
final class HTTP2SettingsAndGoAwayTests: XCTestCase {
    typealias F = HTTP2Frames

    private let serverHeaders = F.headers(stream: 1, [(":status", "200"), ("content-type", "application/grpc")])
    /// A literal with incremental indexing ("x-seen: 1"): it enters the server's dynamic table.
    private let indexedLiteral: [UInt8] = [0x40, 6] + Array("x-seen".utf8) + [1] + Array("1".utf8)
    /// A reference to dynamic table entry 1 (index 62).
    private let dynamicReference: [UInt8] = [0xBE]

    /// Trailers whose header block is `prefix` + `grpc-status: 0` (a literal, usable in any table state).
    private func trailers(_ prefix: [UInt8], stream: UInt32 = 1) -> [UInt8] {
        F.frame(0x1, flags: 0x5, stream: stream, prefix + F.block([("grpc-status", "0")]))
    }

    /// The client advertises SETTINGS_HEADER_TABLE_SIZE `size`s; the server's first response block
    /// fills its dynamic table; `afterFirstBlock` follow on the server's side.
    private func tableSizeConversation(_ sizes: [UInt32], afterFirstBlock: [UInt8]) -> [(Direction, [UInt8])] {
        let client = F.preface + sizes.flatMap { F.settings([(0x1, $0)]) } + F.headers(stream: 1, F.grpcRequestHeaders())
            + F.data(stream: 1, F.grpcMessage([1]), endStream: true)
        let response = F.frame(0x1, flags: 0x4, stream: 1, indexedLiteral + F.block([(":status", "200"), ("content-type", "application/grpc")]))
        return [(.clientToServer, client), (.serverToClient, F.settings() + response + afterFirstBlock)]
    }

    func testTableSizeZeroBindsTheServersEncoderOnlyAfterTheACK() throws {
        // Before the ACK the server may still use its 4096-octet table.
        let before = try GRPCConversation.decode(tableSizeConversation([0], afterFirstBlock: trailers(dynamicReference) + F.settingsAck))
        XCTAssertEqual(before.map(\.kind), [.request, .trailers])
        XCTAssertEqual(before.last?.metadata.string(named: "x-seen"), "1", "the dynamic entry was used")

        // After it, the next block must shrink the table to 0 first (RFC 7541 §4.2)…
        let late = tableSizeConversation([0], afterFirstBlock: F.settingsAck + trailers(dynamicReference))
        let missing = GRPCConversation.failure(late)
        XCTAssertEqual(missing?.direction, .serverToClient)
        XCTAssertEqual(missing?.offset, UInt64(late[1].1.count - trailers(dynamicReference).count), "the trailers' frame")
        XCTAssertEqual(missing?.reason, .malformed("HPACK block without the table size update to at most 0 that the receiver's lowered SETTINGS_HEADER_TABLE_SIZE requires (COMPRESSION_ERROR, RFC 7541 §4.2)"))
        // …may not set it above the advertised size…
        let over = GRPCConversation.failure(tableSizeConversation([0], afterFirstBlock: F.settingsAck + trailers([0x3F, 0xE1, 0x1F])))
        XCTAssertEqual(over?.reason, .malformed("HPACK table size update to 4096 above the receiver's SETTINGS_HEADER_TABLE_SIZE 0 (COMPRESSION_ERROR, RFC 7541 §6.3)"))
        // …and after shrinking, the evicted entry is gone.
        let evicted = GRPCConversation.failure(tableSizeConversation([0], afterFirstBlock: F.settingsAck + trailers([0x20] + dynamicReference)))
        XCTAssertEqual(evicted?.reason, .malformed("HPACK: invalidIndex(62)"))
        let obeying = try GRPCConversation.decode(tableSizeConversation([0], afterFirstBlock: F.settingsAck + trailers([0x20])))
        XCTAssertEqual(obeying.last?.status, RPCStatus(code: 0, message: ""))
        XCTAssertNil(obeying.last?.metadata.string(named: "x-seen"))
    }

    func testOutstandingSettingsAreAcknowledgedInOrder() throws {
        // 8192 then 0: the first ACK puts 8192 in force (and 0 not yet), the second 0.
        let afterFirst = try GRPCConversation.decode(tableSizeConversation([8192, 0], afterFirstBlock: F.settingsAck + trailers(dynamicReference)))
        XCTAssertEqual(afterFirst.last?.metadata.string(named: "x-seen"), "1")
        let afterSecond = GRPCConversation.failure(tableSizeConversation([8192, 0], afterFirstBlock: F.settingsAck + F.settingsAck + trailers(dynamicReference)))
        XCTAssertEqual(afterSecond?.reason, .malformed("HPACK block without the table size update to at most 0 that the receiver's lowered SETTINGS_HEADER_TABLE_SIZE requires (COMPRESSION_ERROR, RFC 7541 §4.2)"))

        // Max frame size 65536 then 16384 from the server: a 40000-octet client frame is within
        // bounds until the client has acknowledged both.
        let big = F.data(stream: 1, F.grpcMessage([UInt8](repeating: 7, count: 40000 - 5)), endStream: true)
        func conversation(acks: Int) -> [(Direction, [UInt8])] {
            [(.serverToClient, F.settings([(0x5, 65536)]) + F.settings([(0x5, 16384)])),
             (.clientToServer, F.preface + F.settings() + Array(repeating: F.settingsAck, count: acks).flatMap { $0 }
                + F.headers(stream: 1, F.grpcRequestHeaders()) + big)]
        }
        for acks in 0...1 {
            XCTAssertEqual(try GRPCConversation.decode(conversation(acks: acks)).map(\.payload.count), [40000 - 5], "\(acks) ACKs")
        }
        let tooBig = GRPCConversation.failure(conversation(acks: 2))
        XCTAssertEqual(tooBig?.reason, .malformed("frame of 40000 octets above the receiver's SETTINGS_MAX_FRAME_SIZE 16384 (FRAME_SIZE_ERROR, RFC 9113 §4.2)"))
        XCTAssertEqual(tooBig?.offset, UInt64(conversation(acks: 2)[1].1.count - big.count))
    }

    func testMaxFrameSizeStartsAt16384AndOurLimitStillApplies() throws {
        let open = F.preface + F.settings() + F.headers(stream: 1, F.grpcRequestHeaders())
        let frame = F.data(stream: 1, [UInt8](repeating: 0, count: 16385))
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, open + frame)])?.reason,
                       .malformed("frame of 16385 octets above the receiver's SETTINGS_MAX_FRAME_SIZE 16384 (FRAME_SIZE_ERROR, RFC 9113 §4.2)"))
        // The server raised it: the raise binds at once (the server said it accepts such frames).
        var limits = DecodeLimits()
        limits.maxFrameSize = 20000
        let raised: [(Direction, [UInt8])] = [(.serverToClient, F.settings([(0x5, 1 << 20)])),
                                              (.clientToServer, open + F.data(stream: 1, F.grpcMessage([UInt8](repeating: 1, count: 19995))))]
        XCTAssertNil(GRPCConversation.failure(raised))
        let overOurs: [(Direction, [UInt8])] = [(.serverToClient, F.settings([(0x5, 1 << 20)])),
                                                (.clientToServer, open + F.data(stream: 1, [UInt8](repeating: 1, count: 20001)))]
        XCTAssertEqual(GRPCConversation.failure(overOurs, limits: limits)?.reason, .limitExceeded(.maxFrameSize, value: 20001))
        // Invalid values and unbounded outstanding SETTINGS are errors.
        XCTAssertEqual(GRPCConversation.failure([(.serverToClient, F.settings([(0x5, 100)]))])?.reason,
                       .malformed("SETTINGS_MAX_FRAME_SIZE 100 outside 16384...16777215 (PROTOCOL_ERROR)"))
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, F.preface + F.settings([(0x2, 2)]))])?.reason,
                       .malformed("SETTINGS_ENABLE_PUSH 2 is neither 0 nor 1 (PROTOCOL_ERROR)"))
        let flood = F.preface + (0...DecodeLimits.defaultMaxUnacknowledgedSettings).flatMap { _ in F.settings() }
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, flood)])?.reason,
                       .limitExceeded(.maxUnacknowledgedSettings, value: DecodeLimits.defaultMaxUnacknowledgedSettings + 1))
    }

    func testPushPromiseNeedsPushEnabled() {
        let promise = F.frame(0x5, flags: 0x4, stream: 1, F.uint32(2) + F.block([(":method", "GET"), (":path", "/x")]))
        let client = F.preface + F.settings([(0x2, 0)]) + F.headers(stream: 1, F.grpcRequestHeaders())
        XCTAssertNil(GRPCConversation.failure([(.clientToServer, client), (.serverToClient, F.settings() + promise)]),
                     "before the ACK the server may not have seen SETTINGS_ENABLE_PUSH 0")
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, client), (.serverToClient, F.settings() + F.settingsAck + promise)])?.reason,
                       .malformed("PUSH_PROMISE after the client's SETTINGS_ENABLE_PUSH 0 (RFC 9113 §6.5.2)"))
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, client + promise)])?.reason,
                       .malformed("PUSH_PROMISE from the client (RFC 9113 §8.4)"))
    }

    func testH2CUpgradeSettingsAreAcknowledgedByThe101() throws {
        // HTTP2-Settings: SETTINGS_HEADER_TABLE_SIZE 0, SETTINGS_ENABLE_PUSH 0 (base64url, RFC 7540 §3.2.1).
        func upgrade(_ settings: String) -> [UInt8] {
            Array("GET / HTTP/1.1\r\nHost: web\r\nConnection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: \(settings)\r\n\r\n".utf8)
                + F.preface + F.settings()
        }
        let switched = Array("HTTP/1.1 101 Switching Protocols\r\nConnection: Upgrade\r\nUpgrade: h2c\r\n\r\n".utf8)
        let response = F.settings() + F.frame(0x1, flags: 0x5, stream: 1, [0x20, 0x88])  // size update to 0, :status 200
        let records = try GRPCConversation.decode([(.clientToServer, upgrade("AAEAAAAAAAIAAAAA")), (.serverToClient, switched + response)])
        XCTAssertEqual(records.map(\.kind), [.request, .response])
        let unshrunk = GRPCConversation.failure([(.clientToServer, upgrade("AAEAAAAAAAIAAAAA")),
                                                 (.serverToClient, switched + F.settings() + F.frame(0x1, flags: 0x5, stream: 1, [0x88]))])
        XCTAssertEqual(unshrunk?.reason, .malformed("HPACK block without the table size update to at most 0 that the receiver's lowered SETTINGS_HEADER_TABLE_SIZE requires (COMPRESSION_ERROR, RFC 7541 §4.2)"))
        let promise = F.frame(0x5, flags: 0x4, stream: 1, F.uint32(2) + F.block([(":method", "GET"), (":path", "/x")]))
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, upgrade("AAEAAAAAAAIAAAAA")), (.serverToClient, switched + promise)])?.reason,
                       .malformed("PUSH_PROMISE after the client's SETTINGS_ENABLE_PUSH 0 (RFC 9113 §6.5.2)"))
        XCTAssertEqual(GRPCConversation.failure([(.clientToServer, upgrade("AAEAAA"))])?.reason,
                       .malformed("HTTP2-Settings is not base64url SETTINGS parameters"))
    }

    func testGoAwayAbandonsTheClientsStreamsAboveItsLastStreamID() throws {
        func call(_ id: UInt32) -> [UInt8] {
            F.headers(stream: id, F.grpcRequestHeaders("/pkg.Svc/Call\(id)")) + F.data(stream: id, F.grpcMessage([UInt8(id)]))
        }
        func answer(_ id: UInt32) -> [UInt8] {
            F.headers(stream: id, [(":status", "200"), ("content-type", "application/grpc")])
                + F.data(stream: id, F.grpcMessage([UInt8(id)])) + F.headers(stream: id, [("grpc-status", "0")], endStream: true)
        }
        let goAways = F.goAway(lastStream: 0x7FFF_FFFF) + F.goAway(lastStream: 3)
        let conversation: [(Direction, [UInt8])] = [
            (.clientToServer, F.preface + F.settings() + call(1) + call(3) + call(5)),
            (.serverToClient, F.settings() + F.settingsAck + goAways),
            // In flight when the GOAWAY arrived: more of stream 5, and a new stream 7; both ignored by the server.
            (.clientToServer, F.data(stream: 5, F.grpcMessage([55]), endStream: true) + call(7) + F.data(stream: 7, [], endStream: true)),
            (.clientToServer, F.data(stream: 1, [], endStream: true) + F.data(stream: 3, [], endStream: true)),
            (.serverToClient, answer(1) + answer(3)),
        ]
        let records = try GRPCConversation.decode(conversation)
        let abandoned = records.filter { $0.kind == .abandoned }
        XCTAssertEqual(abandoned.map(\.streamID), [5, 7])
        XCTAssertEqual(abandoned.map(\.method), ["Call5", "Call7"])
        XCTAssertEqual(abandoned.map(\.direction), [.serverToClient, .clientToServer],
                       "5 by the GOAWAY; 7 by its own HEADERS, sent after it")
        let serverBytes = conversation[1].1
        XCTAssertEqual(abandoned[0].endOffset, UInt64(serverBytes.count - 1), "the GOAWAY's last byte")
        XCTAssertEqual(abandoned[0].metadata.string(named: ":path"), "/pkg.Svc/Call5")
        for id in [UInt64(1), 3] {
            XCTAssertEqual(records.filter { $0.streamID == id }.map(\.kind), [.request, .response, .trailers], "stream \(id) is processed")
        }
        XCTAssertEqual(records.filter { $0.streamID == 5 }.map(\.kind), [.request, .abandoned], "its later DATA is ignored")
        XCTAssertEqual(records.filter { $0.streamID == 7 }.map(\.kind), [.abandoned])

        // The last stream id never increases (§6.8).
        let raised = GRPCConversation.failure([(.clientToServer, F.preface), (.serverToClient, F.goAway(lastStream: 1) + F.goAway(lastStream: 3))])
        XCTAssertEqual(raised?.reason, .malformed("GOAWAY raised the last stream id from 1 to 3 (RFC 9113 §6.8)"))
        // The client's GOAWAY concerns the server's (pushed) streams: the client's calls go on.
        let fromClient = try GRPCConversation.decode([(.clientToServer, F.preface + call(1) + F.goAway(lastStream: 0) + F.data(stream: 1, [], endStream: true)),
                                                      (.serverToClient, answer(1))])
        XCTAssertEqual(fromClient.map(\.kind), [.request, .response, .trailers])
    }

    func testResetEndsAnOpenCallButNotACompleteOne() throws {
        let open = F.preface + F.headers(stream: 1, F.grpcRequestHeaders()) + F.data(stream: 1, F.grpcMessage([1]))
            + F.headers(stream: 3, F.grpcRequestHeaders("/pkg.Svc/Other")) + F.data(stream: 3, F.grpcMessage([3]))
        let reset = F.rstStream(stream: 1, code: 8)
        let server = serverHeaders + F.headers(stream: 1, [("grpc-status", "0")], endStream: true)
            + F.rstStream(stream: 1, code: 0)            // complete call: the reset stops the rest of the request
            + F.headers(stream: 3, [(":status", "200"), ("content-type", "application/grpc")]) + F.rstStream(stream: 3, code: 2)
        let records = try GRPCConversation.decode([(.clientToServer, open), (.serverToClient, server), (.clientToServer, reset)])
        XCTAssertEqual(records.map(\.kind), [.request, .request, .trailers, .reset])
        XCTAssertEqual(records[3].streamID, 3)
        XCTAssertEqual(records[3].method, "Other")
        XCTAssertEqual(records[3].direction, .serverToClient)
        XCTAssertEqual(records[3].endOffset, UInt64(server.count - 1))
        // A client cancelling a call whose response has not ended.
        let cancelled = try GRPCConversation.decode([(.clientToServer, open), (.serverToClient, serverHeaders), (.clientToServer, reset)])
        XCTAssertEqual(cancelled.filter { $0.kind == .reset }.map(\.streamID), [1])
        XCTAssertEqual(cancelled.last?.direction, .clientToServer)
        XCTAssertEqual(cancelled.last?.endOffset, UInt64(open.count + reset.count - 1))
    }
}
