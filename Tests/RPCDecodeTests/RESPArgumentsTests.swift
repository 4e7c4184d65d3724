import RPCDecode
import XCTest

/// The arguments framing records for each Redis command give what `RESPScanner` finds by
/// scanning the command, and the commands framed are the ones sent: random commands (bulk strings
/// with CRLF inside, null bulk strings, integers, nested arrays, more elements than are recorded,
/// inline commands), pipelined and fed whole or in random cuts down to single bytes.
final class RESPArgumentsTests: XCTestCase {
    /// Checks every request a decoder completes: argument by argument and the count.
    private struct ComparingSink: MessageSink {
        var requests = 0
        var mismatches: [String] = []
        /// Every request's bytes, in order: the commands framed.
        var payloads: [String] = []

        mutating func receive(_ message: borrowing RPCMessage) {
            guard message.kind == .request else { return }
            requests += 1
            let payload = message.payload
            payloads.append(String(decoding: payload, as: UTF8.self))
            let recorded = message.respArguments
            if recorded.count(in: payload) != RESPScanner.argumentCount(in: payload) {
                mismatches.append("count of \(String(decoding: payload, as: UTF8.self).debugDescription)")
            }
            for i in -1..<(RESPArguments.capacity + 3) where recorded.argument(i, in: payload).map(Array.init) != RESPScanner.argument(i, in: payload).map(Array.init) {
                mismatches.append("argument \(i) of \(String(decoding: payload, as: UTF8.self).debugDescription)")
            }
        }
    }

    private static func element(_ random: inout SeededGenerator, depth: Int = 0) -> String {
        switch Int.random(in: 0..<10, using: &random) {
        case 0: return "$-1\r\n"
        case 1: return ":\(Int.random(in: -5...99, using: &random))\r\n"
        case 2: return "+OK\r\n"
        case 3 where depth == 0: return "*2\r\n" + element(&random, depth: 1) + element(&random, depth: 1)
        default: return bulkString(&random)
        }
    }

    private static func bulkString(_ random: inout SeededGenerator) -> String {
        let text = String((0..<Int.random(in: 0...12, using: &random)).map { _ in "ab\r\n:$*".randomElement(using: &random)! })
        return "$\(text.utf8.count)\r\n\(text)\r\n"
    }

    private static func command(_ random: inout SeededGenerator) -> String {
        if Int.random(in: 0..<8, using: &random) == 0 { return "PING  x y\r\n" }
        let count = Int.random(in: 1...7, using: &random)
        let name = ["GET", "set", "Hset", "DEL"].randomElement(using: &random)!
        // Half are what clients send, bulk strings only; the rest mix in every other element.
        if Bool.random(using: &random) {
            return "*\(count)\r\n$\(name.utf8.count)\r\n\(name)\r\n" + (1..<count).map { _ in bulkString(&random) }.joined()
        }
        let first = Int.random(in: 0..<6, using: &random) == 0 ? element(&random) : "$\(name.utf8.count)\r\n\(name)\r\n"
        return "*\(count)\r\n" + first + (1..<count).map { _ in element(&random) }.joined()
    }

    func testRecordedArgumentsMatchTheScannerWhateverTheCuts() throws {
        var random = SeededGenerator(seed: 11)
        var sink = ComparingSink()
        var commands: [String] = []
        for _ in 0..<300 {
            let pipelined = (0..<Int.random(in: 1...6, using: &random)).map { _ in Self.command(&random) }
            commands += pipelined
            let stream = Array(pipelined.joined().utf8)
            var decoder = RedisConnectionDecoder()
            var offset = 0
            // Random cuts, or the whole rest at once (commands lying whole are framed in one pass).
            let wholeRest = Bool.random(using: &random)
            while offset < stream.count {
                let cut = wholeRest ? stream.count - offset : min(stream.count - offset, Int.random(in: 1...24, using: &random))
                try stream[offset..<(offset + cut)].withUnsafeBytes { bytes in
                    try decoder.feed(bytes, at: UInt64(offset), from: .clientToServer, into: &sink)
                }
                offset += cut
            }
        }
        XCTAssertGreaterThan(sink.requests, 500)
        XCTAssertEqual(sink.mismatches, [])
        // A command whose first element is no bulk string has no name: Redis refuses it, and the
        // decoder passes it on as no request.
        let named = commands.filter { command in Array(command.utf8).withUnsafeBytes { RESPScanner.argument(0, in: $0) } != nil }
        XCTAssertEqual(sink.payloads, named)
    }
}
