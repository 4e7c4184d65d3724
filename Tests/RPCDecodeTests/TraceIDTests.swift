import RPCDecode
import XCTest

/// `TraceID`: which `traceparent` values are valid (W3C Trace Context §3.2) and what they carry.
final class TraceIDTests: XCTestCase {
    private let example = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    func testTheSpecificationsExampleCarriesItsTraceID() throws {
        let id = try XCTUnwrap(TraceID(traceparent: Array(example.utf8)))
        XCTAssertEqual(id, TraceID(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736))
        XCTAssertEqual(id.description, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(TraceID(hex: id.description), id)
        XCTAssertEqual(Metadata([("content-type", "application/grpc"), ("traceparent", example)]).traceID, id)
    }

    func testEveryHexDigitValueReadsBack() throws {
        let digits = "0123456789abcdef"
        let text = digits + String(digits.reversed())
        let id = try XCTUnwrap(TraceID(hex: text))
        XCTAssertEqual(id, TraceID(high: 0x0123_4567_89ab_cdef, low: 0xfedc_ba98_7654_3210))
        XCTAssertEqual(id.description, text)
    }

    func testAnyCharacterThatIsNotALowercaseHexDigitMakesItInvalid() {
        var text = Array(example.utf8)
        let hexPositions = Array(0..<2) + Array(3..<35) + Array(36..<52) + Array(53..<55)
        // Neighbours of the digit and letter ranges, upper case, and a byte above ASCII.
        for position in hexPositions {
            for bad in "/:@AFG`gz".utf8 + [0xE9] {
                let saved = text[position]
                text[position] = bad
                XCTAssertNil(TraceID(traceparent: text), "\(String(decoding: text, as: UTF8.self))")
                text[position] = saved
            }
        }
        XCTAssertNotNil(TraceID(traceparent: text))
        XCTAssertNil(TraceID(hex: "4BF92F3577B34DA6A3CE929D0E0E4736"))
        XCTAssertNil(TraceID(hex: "4bf92f3577b34da6a3ce929d0e0e473"))
    }

    func testTheFormsTheSpecificationRefusesAreInvalid() {
        let refused = [
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has no more fields
            "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-1", // short
            "00_4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // separator
            "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // a later version's fields follow a '-'
        ]
        for text in refused { XCTAssertNil(TraceID(traceparent: Array(text.utf8)), text) }
        XCTAssertNil(TraceID(hex: String(repeating: "0", count: 32)))
    }

    func testALaterVersionMayAppendFields() {
        let text = "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-will-be"
        XCTAssertEqual(TraceID(traceparent: Array(text.utf8))?.description, "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    func testTheTraceContextAgreesWithTheTraceID() throws {
        let context = try XCTUnwrap(TraceContext(traceparent: Array(example.utf8), tracestate: "a=1", baggage: "user=alice"))
        XCTAssertEqual(context.traceID, "4bf92f3577b34da6a3ce929d0e0e4736")
        XCTAssertEqual(context.parentID, "00f067aa0ba902b7")
        XCTAssertEqual(context.flags, 1)
        XCTAssertNil(TraceContext(traceparent: Array(("ff" + example.dropFirst(2)).utf8), tracestate: nil, baggage: nil))
    }
}
