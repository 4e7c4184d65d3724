import Foundation
import RPCDecode
import XCTest

/// Redis traffic from real redis-cli and redis-benchmark to a real redis-server on loopback,
/// RESP2 and RESP3, decoded whole, drip-fed and in random cuts.
final class RedisPeerTests: XCTestCase {
    private func startRedis() throws -> LoopbackServer {
        let server = try ExternalTool.require("redis-server")
        return try LoopbackServer(server, ["--port", "{port}", "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
    }

    private func decodeAllCuts(_ log: ConnectionLog) throws -> [MessageRecord] {
        var results: [[MessageRecord]] = []
        for cutting in [Cutting.asRecorded, .dripFeed, .random(seed: 5)] {
            var decoder = RedisConnectionDecoder()
            results.append(try decoder.replay(log, cutting: cutting))
        }
        XCTAssertEqual(results[0], results[1], "drip-fed")
        XCTAssertEqual(results[0], results[2], "random cuts")
        return results[0]
    }

    private func value(_ record: MessageRecord) -> FieldValue {
        record.payload.withUnsafeBytes { RESPDecoder.decode($0) }
    }

    func testRedisCLICommandsAndRepliesInRESP2AndRESP3() throws {
        let redis = try startRedis()
        defer { redis.stop() }
        let cli = try ExternalTool.require("redis-cli")
        let commands = """
            SET greeting "h\u{e9}llo w\u{f6}rld"
            GET greeting
            HSET h f1 v1 f2 v2
            HGETALL h
            INCRBY counter 5
            LPUSH list a b c
            LRANGE list 0 -1
            GET nosuch
            INCR greeting
            HELLO 3
            HGETALL h
            GET nosuch
            PING
            """
        let (connections, output) = try ExternalTool.relay(to: redis.port, stdin: commands + "\n", [cli, "-p", "{port}"])
        XCTAssertTrue(output.contains("héllo wörld"), output)
        XCTAssertEqual(connections.count, 1)
        let records = try decodeAllCuts(try XCTUnwrap(connections.first))
        let requests = records.filter { $0.kind == .request }
        let responses = records.filter { $0.kind == .response }
        // redis-cli asks for COMMAND DOCS first.
        XCTAssertEqual(requests.map(\.method), ["COMMAND", "SET", "GET", "HSET", "HGETALL", "INCRBY", "LPUSH", "LRANGE",
                                                "GET", "INCR", "HELLO", "HGETALL", "GET", "PING"])
        XCTAssertEqual(responses.map(\.method), requests.map(\.method), "replies pair with commands in order")
        XCTAssertEqual(responses.map(\.streamID), requests.map(\.streamID))
        XCTAssertEqual(requests[1].payload.withUnsafeBytes { RESPDecoder.arguments($0) }.map(\.value),
                       [.string("SET"), .string("greeting"), .string("héllo wörld")])
        XCTAssertEqual(requests[3].payload.withUnsafeBytes { bytes in RESPScanner.argument(4, in: bytes).map { Array($0) } },
                       Array("f2".utf8), "fast path: argument 4 of HSET")
        XCTAssertEqual(value(responses[1]), .string("OK"))
        XCTAssertEqual(value(responses[2]), .string("héllo wörld"))
        XCTAssertEqual(value(responses[3]), .int(2))
        XCTAssertEqual(value(responses[4]), .list([.string("f1"), .string("v1"), .string("f2"), .string("v2")]))
        XCTAssertEqual(value(responses[5]), .int(5))
        XCTAssertEqual(value(responses[6]), .int(3))
        XCTAssertEqual(value(responses[7]), .list([.string("c"), .string("b"), .string("a")]))
        XCTAssertEqual(value(responses[8]), .null, "RESP2 null bulk string")
        XCTAssertEqual(responses[9].status, RPCStatus(code: -1, message: "ERR value is not an integer or out of range"))
        XCTAssertEqual(responses[8].status, RPCStatus(code: 0, message: ""))
        guard case .map(let hello) = value(responses[10]) else { return XCTFail("HELLO 3 answers with a RESP3 map") }
        XCTAssertTrue(hello.contains(MapEntry(key: .string("proto"), value: .int(3))))
        XCTAssertEqual(value(responses[11]), .map([MapEntry(key: .string("f1"), value: .string("v1")),
                                                   MapEntry(key: .string("f2"), value: .string("v2"))]))
        XCTAssertEqual(responses[12].payload, Array("_\r\n".utf8), "RESP3 null")
        XCTAssertEqual(value(responses[13]), .string("PONG"))
        XCTAssertTrue(records.allSatisfy { $0.kind != .streamMessage })
    }

    func testPipelinedRedisBenchmark() throws {
        let redis = try startRedis()
        defer { redis.stop() }
        let benchmark = try ExternalTool.require("redis-benchmark")
        // 40 deep: past the 16 slots the decoder's ring of waiting commands starts with, so it grows and wraps.
        let (connections, _) = try ExternalTool.relay(to: redis.port, [benchmark, "-p", "{port}", "-n", "300", "-c", "1", "-P", "40",
                                                                       "-t", "set,get,lpush", "-q"])
        var counts: [String: Int] = [:]
        for log in connections {
            let records = try decodeAllCuts(log)
            let requests = records.filter { $0.kind == .request }
            let responses = records.filter { $0.kind == .response }
            XCTAssertEqual(requests.count, responses.count, "every command answered")
            XCTAssertEqual(responses.map { "\($0.streamID) \($0.method)" }, requests.map { "\($0.streamID) \($0.method)" },
                           "each reply paired with its command, in order")
            XCTAssertTrue(responses.allSatisfy { $0.status?.code == 0 }, "no error replies")
            for r in requests { counts[r.method, default: 0] += 1 }
        }
        // The server's own count of the commands it executed is the independent reference.
        let cli = try ExternalTool.require("redis-cli")
        let stats = try ExternalTool.run(cli, ["-p", String(redis.port), "INFO", "commandstats"]).output
        for command in ["SET", "GET", "LPUSH"] {
            let line = stats.split(whereSeparator: \.isNewline).first { $0.hasPrefix("cmdstat_\(command.lowercased()):calls=") }
            let calls = line.flatMap { Int($0.split(separator: "=")[1].split(separator: ",")[0]) }
            XCTAssertNotNil(calls, stats)
            XCTAssertEqual(counts[command], calls, command)
            XCTAssertGreaterThanOrEqual(counts[command] ?? 0, 300)
        }
    }

    func testMalformedAndOverLimitStreams() {
        func failure(_ text: String, _ direction: Direction = .serverToClient, limits: DecodeLimits = DecodeLimits()) -> DecodeError? {
            decodeFailure(RedisConnectionDecoder(limits: limits), Array(text.utf8), from: direction)
        }
        XCTAssertEqual(failure("?what\r\n")?.reason, .malformed("RESP type byte 0x3f"))
        XCTAssertEqual(failure("$3\r\nabcd\r\n")?.offset, 7)
        XCTAssertEqual(failure("*1\r\n$x\r\n")?.reason, .malformed("bad RESP length"))
        XCTAssertEqual(failure("$5\r\nab")?.reason, .truncated)
        // Whole values of the forms framed in one pass (commands, bulk replies) fail as line by line.
        XCTAssertEqual(failure("*1\r\n$3\r\nabcd\r\n", .clientToServer)?.offset, 11)
        XCTAssertEqual(failure("$-\r\n")?.reason, .malformed("bad RESP length"))
        // At most 18 digits, whatever the value (19 digits of a length within every limit).
        XCTAssertEqual(failure("*1\r\n$0000000000000000003\r\nabc\r\n", .clientToServer)?.reason, .malformed("bad RESP length"))
        XCTAssertEqual(failure("$0000000000000000003\r\nabc\r\n")?.reason, .malformed("bad RESP length"))
        XCTAssertEqual(failure("*0000000000000000001\r\n$3\r\nabc\r\n", .clientToServer)?.reason, .malformed("bad RESP length"))
        XCTAssertNil(failure("*000000000000000001\r\n$000000000000000003\r\nabc\r\n", .clientToServer))
        XCTAssertNil(failure("$-1\r\n$0\r\n\r\n$007\r\nabcdefg\r\n"))
        var small = DecodeLimits()
        small.maxMessageSize = 10
        small.maxElements = 3
        small.maxNestingDepth = 4
        small.maxLineLength = 20
        small.maxPipelinedRequests = 2
        XCTAssertEqual(failure("$11\r\n", limits: small)?.reason, .limitExceeded(.maxMessageSize, value: 11))
        XCTAssertEqual(failure("*2\r\n$3\r\nGET\r\n$11\r\nhello world\r\n", .clientToServer, limits: small)?.reason,
                       .limitExceeded(.maxMessageSize, value: 11))
        XCTAssertEqual(failure("*4\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n$1\r\na\r\n", .clientToServer, limits: small)?.reason,
                       .limitExceeded(.maxElements, value: 4))
        var flat = DecodeLimits()
        flat.maxNestingDepth = 1
        XCTAssertEqual(failure("*1\r\n$4\r\nPING\r\n", .clientToServer, limits: flat)?.reason, .limitExceeded(.maxNestingDepth, value: 1))
        flat.maxLineLength = 3
        XCTAssertEqual(failure("$1234\r\n" + String(repeating: "a", count: 1234) + "\r\n", limits: flat)?.reason,
                       .limitExceeded(.maxLineLength, value: 1243))
        var shortLines = DecodeLimits()
        shortLines.maxLineLength = 3
        XCTAssertNil(failure("*1\r\n$10\r\n0123456789\r\n", .clientToServer, limits: shortLines))
        XCTAssertEqual(failure("*1\r\n$100\r\n" + String(repeating: "a", count: 100) + "\r\n", .clientToServer, limits: shortLines)?.reason,
                       .limitExceeded(.maxLineLength, value: 108))
        XCTAssertEqual(failure("*4\r\n", limits: small)?.reason, .limitExceeded(.maxElements, value: 4))
        XCTAssertEqual(failure("*1\r\n*1\r\n*1\r\n*1\r\n*1\r\n", limits: small)?.reason, .limitExceeded(.maxNestingDepth, value: 4))
        XCTAssertEqual(failure("+" + String(repeating: "a", count: 40), limits: small)?.reason,
                       .limitExceeded(.maxLineLength, value: 41))
        XCTAssertEqual(failure("PING\r\nPING\r\nPING\r\n", .clientToServer, limits: small)?.reason,
                       .limitExceeded(.maxPipelinedRequests, value: 3))
    }
}
