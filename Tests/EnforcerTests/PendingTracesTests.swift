@testable import Enforcer
import RPCDecode
import XCTest

/// `PendingTraces` against a dictionary: the same request ids come back for the same streams,
/// whether a call sits in a slot of the table or overflows to the dictionary.
final class PendingTracesTests: XCTestCase {
    func testItKeepsWhatADictionaryKeepsUnderRandomCalls() {
        var generator = SystemRandomNumberGenerator()
        for round in 0..<50 {
            var table = PendingTraces()
            var model: [UInt64: TraceID] = [:]
            let limit = round % 2 == 0 ? 1024 : 20
            // HTTP/2 client streams (odd, consecutive), some far apart so that their slots collide.
            var next: UInt64 = 1
            var open: [UInt64] = []
            for step in 0..<2000 {
                switch UInt8.random(in: 0..<10, using: &generator) {
                case 0..<4:
                    let stream = Bool.random(using: &generator) ? next : next + 32 * UInt64.random(in: 1...4, using: &generator)
                    next += 2
                    let trace = TraceID(high: UInt64(step), low: stream)
                    table.insert(trace, for: stream, limit: limit)
                    if model[stream] != nil || model.count < limit { model[stream] = trace }
                    open.append(stream)
                case 4..<7:
                    guard let stream = open.randomElement(using: &generator) else { continue }
                    table.remove(stream)
                    model[stream] = nil
                default:
                    let stream = open.randomElement(using: &generator) ?? 7
                    XCTAssertEqual(table.trace(for: stream), model[stream], "round \(round), step \(step), stream \(stream)")
                }
                XCTAssertEqual(table.count, model.count, "round \(round), step \(step)")
            }
            for stream in open { XCTAssertEqual(table.trace(for: stream), model[stream]) }
        }
    }

    func testAStreamKeptAgainKeepsTheNewIDAndCountsOnce() {
        var table = PendingTraces()
        table.insert(TraceID(high: 1, low: 1), for: 5, limit: 1)
        table.insert(TraceID(high: 2, low: 2), for: 5, limit: 1)
        table.insert(TraceID(high: 3, low: 3), for: 7, limit: 1)
        XCTAssertEqual(table.trace(for: 5), TraceID(high: 2, low: 2))
        XCTAssertNil(table.trace(for: 7), "over the limit")
        XCTAssertEqual(table.count, 1)
    }
}
