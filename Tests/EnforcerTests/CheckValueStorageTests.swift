@testable import Enforcer
import XCTest

/// `setBytes`, which the field buffer reuses strings with: in place when nothing shares the
/// storage, and never through a copy someone kept.
final class CheckValueStorageTests: XCTestCase {
    private func set(_ value: inout CheckValue?, _ text: String) {
        Array(text.utf8).withUnsafeBytes { value.setBytes($0) }
    }

    private func storage(_ value: CheckValue?) -> UnsafeRawPointer? {
        guard case .bytes(let bytes)? = value else { return nil }
        return bytes.withUnsafeBytes { $0.baseAddress }
    }

    func testItReusesUnsharedStorage() {
        var value: CheckValue? = .bytes(Array("a longer first value".utf8))
        let before = storage(value)
        set(&value, "second")
        XCTAssertEqual(value, .bytes(Array("second".utf8)))
        XCTAssertEqual(storage(value), before)
    }

    func testACopyKeptElsewhereKeepsItsBytes() {
        var value: CheckValue? = .bytes(Array("first".utf8))
        let saved = value
        set(&value, "second")
        XCTAssertEqual(value, .bytes(Array("second".utf8)))
        XCTAssertEqual(saved, .bytes(Array("first".utf8)))
    }

    func testOtherValuesAndNothingBecomeBytes() {
        var missing: CheckValue? = nil
        var number: CheckValue? = .int(7)
        set(&missing, "x")
        set(&number, "")
        XCTAssertEqual(missing, .bytes(Array("x".utf8)))
        XCTAssertEqual(number, .bytes([]))
    }
}
