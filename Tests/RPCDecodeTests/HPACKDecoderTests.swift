import Foundation
import RPCDecode
import XCTest

/// The byte-exact HPACK decoder against RFC 7541's worked examples and against header blocks
/// from an independent encoder (Python `hpack`, Huffman on and off, binary values, evictions,
/// table size updates).
final class HPACKDecoderTests: XCTestCase {
    private func decode(_ hex: String, with decoder: inout HPACKDecoder) throws -> [[String]] {
        let bytes = Array(hexString: hex)
        var headers = Metadata()
        let result = bytes.withUnsafeBytes { block in Result { () throws(HPACKError) in try decoder.decode(block, into: &headers) } }
        try result.get()
        return headers.fields.map { [$0.nameString, $0.valueString] }
    }

    /// RFC 7541 C.4: requests with Huffman coding, sharing one dynamic table.
    func testRFC7541RequestsWithHuffman() throws {
        var decoder = HPACKDecoder()
        XCTAssertEqual(try decode(RFC7541Examples.requestsWithHuffman[0], with: &decoder),
                       [[":method", "GET"], [":scheme", "http"], [":path", "/"], [":authority", "www.example.com"]])
        XCTAssertEqual(decoder.dynamicTableSize, 57)
        XCTAssertEqual(try decode(RFC7541Examples.requestsWithHuffman[1], with: &decoder),
                       [[":method", "GET"], [":scheme", "http"], [":path", "/"], [":authority", "www.example.com"],
                        ["cache-control", "no-cache"]])
        XCTAssertEqual(try decode(RFC7541Examples.requestsWithHuffman[2], with: &decoder),
                       [[":method", "GET"], [":scheme", "https"], [":path", "/index.html"], [":authority", "www.example.com"],
                        ["custom-key", "custom-value"]])
        XCTAssertEqual(decoder.dynamicTableCount, 3)
        XCTAssertEqual(decoder.dynamicTableSize, 164)
    }

    /// RFC 7541 C.6: responses with Huffman coding in a 256-octet table, which forces evictions.
    func testRFC7541ResponsesWithEviction() throws {
        var decoder = HPACKDecoder(initialTableSize: RFC7541Examples.responsesTableSize)
        let date1 = "Mon, 21 Oct 2013 20:13:21 GMT"
        XCTAssertEqual(try decode(RFC7541Examples.responsesWithEviction[0], with: &decoder),
                       [[":status", "302"], ["cache-control", "private"], ["date", date1], ["location", "https://www.example.com"]])
        XCTAssertEqual(decoder.dynamicTableSize, 222)
        XCTAssertEqual(try decode(RFC7541Examples.responsesWithEviction[1], with: &decoder),
                       [[":status", "307"], ["cache-control", "private"], ["date", date1], ["location", "https://www.example.com"]])
        XCTAssertEqual(try decode(RFC7541Examples.responsesWithEviction[2], with: &decoder),
                       [[":status", "200"], ["cache-control", "private"], ["date", "Mon, 21 Oct 2013 20:13:22 GMT"],
                        ["location", "https://www.example.com"], ["content-encoding", "gzip"],
                        ["set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"]])
        XCTAssertEqual(decoder.dynamicTableSize, 215)
    }

    /// Python `hpack`'s 200 connections (seed 7), generated once for every test that decodes them.
    nonisolated(unsafe) static var pythonConnections: [[Vector]]?

    static func connectionsFromPythonHPACK() throws -> [[Vector]] {
        if let pythonConnections { return pythonConnections }
        let python = try ExternalTool.requirePython(modules: ["hpack"])
        let output = try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("hpack_vectors.py").path, "7", "200"]).output
        let connections = try JSONDecoder().decode([[Vector]].self, from: Data(output.utf8))
        pythonConnections = connections
        return connections
    }

    /// 200 connections of blocks from Python's independent encoder decode to exactly the bytes it encoded.
    func testBlocksFromAnIndependentEncoder() throws {
        let connections = try Self.connectionsFromPythonHPACK()
        XCTAssertEqual(connections.count, 200)
        var blocks = 0, fields = 0, nonUTF8 = 0
        for connection in connections {
            var decoder = HPACKDecoder()
            for vector in connection {
                var headers = Metadata()
                let block = Array(hexString: vector.block)
                let result = block.withUnsafeBytes { b in Result { () throws(HPACKError) in try decoder.decode(b, into: &headers) } }
                try result.get()
                XCTAssertEqual(headers.fields.map { [Array($0.name), Array($0.value)] },
                               vector.headers.map { [Array(hexString: $0[0]), Array(hexString: $0[1])] })
                blocks += 1
                fields += headers.count
                nonUTF8 += headers.fields.filter { String(validating: Array($0.value), as: UTF8.self) == nil }.count
            }
        }
        XCTAssertGreaterThan(blocks, 500)
        XCTAssertGreaterThan(nonUTF8, 50, "the vectors include binary values")
        XCTAssertGreaterThan(fields, 2000)
    }

    struct Vector: Decodable {
        var block: String
        var headers: [[String]]
    }

    func testMalformedBlocksAreTypedErrors() {
        func failure(_ hex: String, initialTableSize: Int = 4096) -> HPACKError? {
            var decoder = HPACKDecoder(initialTableSize: initialTableSize, maxTableSize: 8192, maxHeaderListSize: 200)
            var headers = Metadata()
            let block = Array(hexString: hex)
            let result = block.withUnsafeBytes { b in Result { () throws(HPACKError) in try decoder.decode(b, into: &headers) } }
            if case .failure(let error) = result { return error }
            return nil
        }
        XCTAssertEqual(failure("80"), .invalidIndex(0))
        XCTAssertNil(failure("bd"), "index 61: the static table's last entry")
        XCTAssertEqual(failure("be"), .invalidIndex(62), "empty dynamic table")
        XCTAssertEqual(failure("ff"), .truncated)
        XCTAssertEqual(failure("ffffffffff0f"), .integerOverflow)
        // Found by the fuzzer: zero-padded continuation bytes shifted a bit to 2^63, a negative length.
        XCTAssertEqual(failure("007f" + String(repeating: "80", count: 9) + "01"), .integerOverflow)
        XCTAssertEqual(failure("ff" + String(repeating: "80", count: 5) + "00"), .integerOverflow, "six bytes after the prefix")
        XCTAssertEqual(failure("400a"), .truncated, "name shorter than its length")
        XCTAssertEqual(failure("82" + "3fe11f"), .sizeUpdateNotAtStart)
        XCTAssertEqual(failure("3fe17f"), .tableSizeOverLimit(16384))
        XCTAssertEqual(failure("0081ff0161"), .invalidHuffman, "a Huffman string of only padding longer than 7 bits")
        XCTAssertEqual(failure("0001617f49" + String(repeating: "61", count: 200)), .headerListOverLimit(1 + 200 + 32))
    }

    func testAdvertisedTableSizeBoundsUpdatesAndALoweredOneMustBeSignalled() {
        func decode(_ decoder: inout HPACKDecoder, _ hex: String) -> HPACKError? {
            var headers = Metadata()
            let block = Array(hexString: hex)
            let result = block.withUnsafeBytes { b in Result { () throws(HPACKError) in try decoder.decode(b, into: &headers) } }
            if case .failure(let error) = result { return error }
            return nil
        }
        var decoder = HPACKDecoder()
        XCTAssertNil(decode(&decoder, "3fe17f"), "16384: within our limit, and no SETTINGS followed yet")
        decoder.advertise(tableSize: 8192)
        XCTAssertNil(decode(&decoder, "3fe13f"), "8192 is allowed")
        XCTAssertEqual(decode(&decoder, "3fe23f"), .tableSizeOverSetting(8193, setting: 8192))

        var lowered = HPACKDecoder()
        XCTAssertNil(decode(&lowered, "400178017a"), "x: z enters the 4096-octet table")
        lowered.advertise(tableSize: 0)
        lowered.advertise(tableSize: 4096)
        // 0 then 4096 between two blocks: the next block must signal the smallest, 0 (RFC 7541 §4.2).
        XCTAssertEqual(decode(&lowered, "be"), .sizeUpdateMissing(required: 0))
        var signalled = lowered
        XCTAssertEqual(decode(&signalled, "3fe11f" + "82"), .sizeUpdateMissing(required: 0))
        XCTAssertNil(decode(&lowered, "20" + "3fe11f" + "82"), "shrunk to 0, then back to 4096")
        XCTAssertEqual(lowered.dynamicTableCount, 0, "the shrink evicted x: z")
        XCTAssertNil(decode(&lowered, "82"), "the obligation is met once")
    }

    /// Long runs of inserts that evict: every entry still reads back as inserted, newest first,
    /// while the table drops evicted bytes from its buffer (many small entries in the default
    /// table; entries of up to 110 bytes in a 256-octet one, which evict on almost every insert).
    func testLongRunsOfEvictionsKeepEveryEntryInPlace() throws {
        for tableSize in [4096, 256] {
            var decoder = HPACKDecoder(initialTableSize: tableSize)
            var expected: [(String, String)] = [] // newest first, as the table should hold it
            for i in 0..<600 {
                let name = "k\(i)", value = String(repeating: "v", count: tableSize == 256 ? i % 100 : i % 7)
                // Literal with incremental indexing, new name, raw strings (RFC 7541 §6.2.1).
                let literal: [UInt8] = [0x40, UInt8(name.utf8.count)] + Array(name.utf8) + [UInt8(value.utf8.count)] + Array(value.utf8)
                expected.insert((name, value), at: 0)
                while expected.reduce(0, { $0 + $1.0.utf8.count + $1.1.utf8.count + 32 }) > tableSize { expected.removeLast() }
                // Then every entry of the dynamic table by index (62 = newest).
                let indexed = expected.indices.flatMap { Self.indexedField(62 + $0) }
                var headers = Metadata()
                let block = literal + indexed
                let result = block.withUnsafeBytes { b in Result { () throws(HPACKError) in try decoder.decode(b, into: &headers) } }
                try result.get()
                let read = headers.fields.dropFirst().map { [$0.nameString, $0.valueString] }
                XCTAssertEqual(read, expected.map { [$0.0, $0.1] }, "table \(tableSize), insert \(i)")
                if read != expected.map({ [$0.0, $0.1] }) { return }
            }
            XCTAssertEqual(decoder.dynamicTableCount, expected.count)
        }
    }

    /// An indexed header field representation (RFC 7541 §6.1): its index as a 7-bit-prefix integer (§5.1).
    private static func indexedField(_ index: Int) -> [UInt8] {
        guard index >= 127 else { return [0x80 | UInt8(index)] }
        var rest = index - 127, bytes: [UInt8] = [0xFF]
        while rest >= 128 {
            bytes.append(UInt8(rest % 128) | 0x80)
            rest /= 128
        }
        return bytes + [UInt8(rest)]
    }

    func testValuesAreByteExactIncludingInvalidUTF8() throws {
        // Literal without indexing, new name "x-bin", raw value 00 ff fe 80.
        var decoder = HPACKDecoder()
        var headers = Metadata()
        let block: [UInt8] = [0x00, 0x05] + Array("x-bin".utf8) + [0x04, 0x00, 0xFF, 0xFE, 0x80]
        let result = block.withUnsafeBytes { b in Result { () throws(HPACKError) in try decoder.decode(b, into: &headers) } }
        try result.get()
        XCTAssertEqual(headers.value(named: "x-bin").map(Array.init), [0x00, 0xFF, 0xFE, 0x80])
    }
}

extension Array where Element == UInt8 {
    /// Bytes from hex text (test vectors); spaces are ignored.
    init(hexString: String) {
        let digits = hexString.filter { !$0.isWhitespace }.utf8.map { c -> UInt8 in
            c <= 0x39 ? c - 0x30 : (c | 0x20) - 0x61 + 10
        }
        self = stride(from: 0, to: digits.count - 1, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
    }
}
