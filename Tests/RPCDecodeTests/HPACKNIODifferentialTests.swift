import Foundation
import NIOCore
import NIOHPACK
import RPCDecode
import XCTest

/// Our byte-exact HPACK decoder against swift-nio-http2's NIOHPACK on the same header blocks:
/// RFC 7541's examples, Python `hpack`'s encoder, and every header block of the real grpcio
/// conversation. One decoder of each per connection direction, so dynamic tables evolve alike.
/// Where a value is valid UTF-8 the two agree exactly; where it is not (gRPC true-binary `-bin`
/// metadata) NIOHPACK returns U+FFFD replacements while ours keeps the bytes — the reason ours exists.
final class HPACKNIODifferentialTests: XCTestCase {
    /// What one comparison saw, so each test can assert it exercised what it claims.
    struct Tally {
        var blocks = 0
        var fields = 0
        var nonUTF8Values = 0
    }

    /// Both decoders for one connection direction.
    struct DecoderPair {
        var ours: RPCDecode.HPACKDecoder
        var nio: NIOHPACK.HPACKDecoder

        /// `tableSize` is where both tables start; the maxima are generous because an observer may
        /// miss SETTINGS, as `RPCDecode.HPACKDecoder` assumes.
        init(tableSize: Int = 4096) {
            ours = RPCDecode.HPACKDecoder(initialTableSize: tableSize, maxTableSize: 65536, maxHeaderListSize: 1 << 20)
            nio = NIOHPACK.HPACKDecoder(allocator: ByteBufferAllocator(), maxDynamicTableSize: 65536, maxHeaderListSize: 1 << 20)
            if tableSize != 4096 {
                // NIOHPACK's table starts at its maximum; an explicit size update brings it to `tableSize`.
                var update = ByteBuffer(bytes: Self.sizeUpdate(tableSize))
                XCTAssertNoThrow(try nio.decodeHeaders(from: &update))
            }
        }

        static func sizeUpdate(_ size: Int) -> [UInt8] {
            precondition(size >= 31, "the examples' table sizes need the multi-byte form")
            var out: [UInt8] = [0x3F]
            var rest = size - 31
            while rest >= 128 {
                out.append(UInt8(rest & 0x7F) | 0x80)
                rest >>= 7
            }
            out.append(UInt8(rest))
            return out
        }

        /// Decodes `block` with both and compares; returns our fields for further checks.
        mutating func compare(_ block: [UInt8], _ tally: inout Tally, _ label: String,
                              file: StaticString = #filePath, line: UInt = #line) throws -> Metadata {
            var mine = Metadata()
            let result = block.withUnsafeBytes { b in Result { () throws(HPACKError) in try ours.decode(b, into: &mine) } }
            try result.get()
            var buffer = ByteBuffer(bytes: block)
            let theirs = try nio.decodeHeaders(from: &buffer)
            XCTAssertEqual(buffer.readableBytes, 0, "\(label): NIOHPACK consumed the whole block", file: file, line: line)
            XCTAssertEqual(mine.count, theirs.count, "\(label): field count", file: file, line: line)
            for (field, other) in zip(mine.fields, theirs) {
                XCTAssertEqual(field.nameString, other.name, label, file: file, line: line)
                if let text = String(validating: Array(field.value), as: UTF8.self) {
                    XCTAssertEqual(text, other.value, "\(label): \(other.name)", file: file, line: line)
                } else {
                    tally.nonUTF8Values += 1
                    XCTAssertTrue(other.value.unicodeScalars.contains("\u{FFFD}"),
                                  "\(label): NIOHPACK replaces non-UTF-8 bytes of \(other.name)", file: file, line: line)
                    XCTAssertNotEqual(Array(other.value.utf8), Array(field.value),
                                      "\(label): NIOHPACK cannot give \(other.name)'s bytes", file: file, line: line)
                    XCTAssertEqual(other.value, field.valueString,
                                   "\(label): NIOHPACK's text is ours with U+FFFD for each invalid sequence", file: file, line: line)
                }
            }
            tally.blocks += 1
            tally.fields += mine.count
            return mine
        }
    }

    func testRFC7541Examples() throws {
        var tally = Tally()
        var requests = DecoderPair()
        for (i, hex) in RFC7541Examples.requestsWithHuffman.enumerated() {
            _ = try requests.compare(Array(hexString: hex), &tally, "C.4.\(i + 1)")
        }
        var responses = DecoderPair(tableSize: RFC7541Examples.responsesTableSize)
        for (i, hex) in RFC7541Examples.responsesWithEviction.enumerated() {
            _ = try responses.compare(Array(hexString: hex), &tally, "C.6.\(i + 1)")
        }
        XCTAssertEqual(tally.blocks, 6)
        XCTAssertEqual(tally.fields, 4 + 5 + 5 + 4 + 4 + 6)
    }

    /// The 200 connections `HPACKDecoderTests` checks against Python's encoder, through both decoders.
    func testBlocksFromPythonHPACK() throws {
        let connections = try HPACKDecoderTests.connectionsFromPythonHPACK()
        var tally = Tally()
        for (c, connection) in connections.enumerated() {
            var pair = DecoderPair()
            for (b, vector) in connection.enumerated() {
                let mine = try pair.compare(Array(hexString: vector.block), &tally, "connection \(c) block \(b)")
                XCTAssertEqual(mine.fields.map { [Array($0.name), Array($0.value)] },
                               vector.headers.map { [Array(hexString: $0[0]), Array(hexString: $0[1])] },
                               "connection \(c) block \(b): ours is byte-exact")
            }
        }
        XCTAssertGreaterThan(tally.blocks, 500)
        XCTAssertGreaterThan(tally.fields, 2000)
        XCTAssertGreaterThan(tally.nonUTF8Values, 50, "the vectors include binary values")
    }

    /// Every header block both grpc-core peers (Python grpcio) sent, including true-binary `-bin` metadata.
    func testBlocksFromRealGRPCTraffic() throws {
        let (log, expected) = try GRPCPeerTests.recordedTraffic()
        var tally = Tally()
        var binaryMetadataValues = 0
        for direction in [Direction.clientToServer, .serverToClient] {
            var pair = DecoderPair()
            let blocks = try Self.headerBlocks(in: log.bytes(direction))
            XCTAssertGreaterThanOrEqual(blocks.count, expected.calls.count, "\(direction): at least one block per call")
            for (i, block) in blocks.enumerated() {
                let mine = try pair.compare(block, &tally, "\(direction) block \(i)")
                binaryMetadataValues += mine.fields.filter { $0.nameString.hasSuffix("-bin") && String(validating: Array($0.value), as: UTF8.self) == nil }.count
            }
        }
        XCTAssertGreaterThan(tally.blocks, 2 * expected.calls.count)
        XCTAssertGreaterThan(tally.nonUTF8Values, 0, "grpc-core sends -bin metadata as true binary")
        XCTAssertEqual(binaryMetadataValues, tally.nonUTF8Values, "every non-UTF-8 value is -bin metadata")
    }

    /// The complete header blocks (HEADERS + CONTINUATION fragments, padding and priority removed)
    /// of one direction's HTTP/2 bytes, in order.
    static func headerBlocks(in bytes: [UInt8]) throws -> [[UInt8]] {
        var i = bytes.starts(with: HTTP2Frames.preface) ? HTTP2Frames.preface.count : 0
        var blocks: [[UInt8]] = []
        var open: [UInt8]?
        while i + 9 <= bytes.count {
            let length = Int(bytes[i]) << 16 | Int(bytes[i + 1]) << 8 | Int(bytes[i + 2])
            let type = bytes[i + 3], flags = bytes[i + 4]
            var start = i + 9, end = start + length
            guard end <= bytes.count else { throw DecodeFailure.truncatedFrame(at: i) }
            i = end
            switch type {
            case 0x1:
                if flags & 0x8 != 0 { end -= Int(bytes[start]); start += 1 }
                if flags & 0x20 != 0 { start += 5 }
                open = Array(bytes[start..<end])
            case 0x9:
                guard open != nil else { throw DecodeFailure.continuationWithoutHeaders(at: start - 9) }
                open! += bytes[start..<end]
            default:
                continue
            }
            if flags & 0x4 != 0, let block = open {
                blocks.append(block)
                open = nil
            }
        }
        XCTAssertEqual(i, bytes.count, "the recorded direction ends on a frame boundary")
        return blocks
    }

    enum DecodeFailure: Error {
        case truncatedFrame(at: Int)
        case continuationWithoutHeaders(at: Int)
    }
}
