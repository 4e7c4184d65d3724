import RPCDecode
import XCTest

/// Runs hand-built HTTP/2 conversations through `GRPCConnectionDecoder` whole, drip-fed one byte
/// at a time and in random cuts (`ConnectionDecoder.replay`), asserting all three agree.
enum GRPCConversation {
    static let cuttings: [Cutting] = [.asRecorded, .dripFeed, .random(seed: 9), .random(seed: 23)]

    /// Every message the conversation decodes to (as given as (direction, bytes) chunks, in order).
    static func decode(_ chunks: [(Direction, [UInt8])], limits: DecodeLimits = DecodeLimits(),
                       file: StaticString = #filePath, line: UInt = #line) throws -> [MessageRecord] {
        let log = ConnectionLog(chunks: chunks.map { (direction: $0.0, bytes: $0.1) })
        var results: [[MessageRecord]] = []
        for cutting in cuttings {
            var decoder = GRPCConnectionDecoder(limits: limits)
            results.append(try decoder.replay(log, cutting: cutting))
        }
        for (cutting, result) in zip(cuttings, results).dropFirst() {
            XCTAssertEqual(result, results[0], "\(cutting)", file: file, line: line)
        }
        return results[0]
    }

    /// The error the conversation ends in, nil if none; asserts every cutting ends in the same one.
    static func failure(_ chunks: [(Direction, [UInt8])], limits: DecodeLimits = DecodeLimits(),
                        file: StaticString = #filePath, line: UInt = #line) -> DecodeError? {
        let log = ConnectionLog(chunks: chunks.map { (direction: $0.0, bytes: $0.1) })
        var errors: [DecodeError?] = []
        for cutting in cuttings {
            var decoder = GRPCConnectionDecoder(limits: limits)
            do {
                _ = try decoder.replay(log, cutting: cutting)
                errors.append(nil)
            } catch let error as DecodeError {
                errors.append(error)
            } catch {
                XCTFail("untyped error \(error)", file: file, line: line)
                errors.append(nil)
            }
        }
        for (cutting, error) in zip(cuttings, errors).dropFirst() {
            XCTAssertEqual(error, errors[0], "\(cutting)", file: file, line: line)
        }
        return errors[0]
    }
}
