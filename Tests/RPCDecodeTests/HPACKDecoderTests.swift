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
        XCTAssertEqual(try decode("828684418cf1e3c2e5f23a6ba0ab90f4ff", with: &decoder),
                       [[":method", "GET"], [":scheme", "http"], [":path", "/"], [":authority", "www.example.com"]])
        XCTAssertEqual(decoder.dynamicTableSize, 57)
        XCTAssertEqual(try decode("828684be5886a8eb10649cbf", with: &decoder),
                       [[":method", "GET"], [":scheme", "http"], [":path", "/"], [":authority", "www.example.com"],
                        ["cache-control", "no-cache"]])
        XCTAssertEqual(try decode("828785bf408825a849e95ba97d7f8925a849e95bb8e8b4bf", with: &decoder),
                       [[":method", "GET"], [":scheme", "https"], [":path", "/index.html"], [":authority", "www.example.com"],
                        ["custom-key", "custom-value"]])
        XCTAssertEqual(decoder.dynamicTableCount, 3)
        XCTAssertEqual(decoder.dynamicTableSize, 164)
    }

    /// RFC 7541 C.6: responses with Huffman coding in a 256-octet table, which forces evictions.
    func testRFC7541ResponsesWithEviction() throws {
        var decoder = HPACKDecoder(initialTableSize: 256)
        let date1 = "Mon, 21 Oct 2013 20:13:21 GMT"
        XCTAssertEqual(try decode("488264025885aec3771a4b6196d07abe941054d444a8200595040b8166e082a62d1bff6e919d29ad171863c78f0b97c8e9ae82ae43d3", with: &decoder),
                       [[":status", "302"], ["cache-control", "private"], ["date", date1], ["location", "https://www.example.com"]])
        XCTAssertEqual(decoder.dynamicTableSize, 222)
        XCTAssertEqual(try decode("4883640effc1c0bf", with: &decoder),
                       [[":status", "307"], ["cache-control", "private"], ["date", date1], ["location", "https://www.example.com"]])
        XCTAssertEqual(try decode("88c16196d07abe941054d444a8200595040b8166e084a62d1bffc05a839bd9ab77ad94e7821dd7f2e6c7b335dfdfcd5b3960d5af27087f3672c1ab270fb5291f9587316065c003ed4ee5b1063d5007", with: &decoder),
                       [[":status", "200"], ["cache-control", "private"], ["date", "Mon, 21 Oct 2013 20:13:22 GMT"],
                        ["location", "https://www.example.com"], ["content-encoding", "gzip"],
                        ["set-cookie", "foo=ASDJKHQKBZXOQWEOPIUAXQWEOIU; max-age=3600; version=1"]])
        XCTAssertEqual(decoder.dynamicTableSize, 215)
    }

    /// 200 connections of blocks from Python's independent encoder decode to exactly the bytes it encoded.
    func testBlocksFromAnIndependentEncoder() throws {
        let python = try ExternalTool.requirePython(modules: ["hpack"])
        let output = try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("hpack_vectors.py").path, "7", "200"]).output
        let connections = try JSONDecoder().decode([[Vector]].self, from: Data(output.utf8))
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
        XCTAssertEqual(failure("be"), .invalidIndex(62), "empty dynamic table")
        XCTAssertEqual(failure("ff"), .truncated)
        XCTAssertEqual(failure("ffffffffff0f"), .integerOverflow)
        XCTAssertEqual(failure("400a"), .truncated, "name shorter than its length")
        XCTAssertEqual(failure("82" + "3fe11f"), .sizeUpdateNotAtStart)
        XCTAssertEqual(failure("3fe17f"), .tableSizeOverLimit(16384))
        XCTAssertEqual(failure("0081ff0161"), .invalidHuffman, "a Huffman string of only padding longer than 7 bits")
        XCTAssertEqual(failure("0001617f49" + String(repeating: "61", count: 200)), .headerListOverLimit(1 + 200 + 32))
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
