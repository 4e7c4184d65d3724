import XCTest
@testable import Models

/// The interpretation of `starts with` on integer-coded strings keeps the facts real strings obey.
final class StringPrefixInterpretationTests: XCTestCase {
    let strings = StringPrefixInterpretation(literals: ["a/b/c", "z"], prefixes: ["a/", "a/b/", "c/"])

    func testLiteralsStartWithThePrefixesOfTheirText() {
        let abc = CheckedSpec.literalCode(0)
        XCTAssertTrue(strings.holds("a/", for: abc))
        XCTAssertTrue(strings.holds("a/b/", for: abc))
        XCTAssertFalse(strings.holds("c/", for: abc))
        XCTAssertFalse(strings.holds("a/", for: CheckedSpec.literalCode(1)))
    }

    func testEveryOtherStringHasAChainOfPrefixes() {
        for code in -20...20 where strings.literal(code) == nil {
            let held = strings.prefixes.filter { strings.holds($0, for: code) }
            // A longer prefix implies the shorter ones it extends; unrelated prefixes exclude each other.
            if held.contains("a/b/") { XCTAssertTrue(held.contains("a/"), "\(code)") }
            XCTAssertFalse(held.contains("a/") && held.contains("c/"), "\(code)")
            XCTAssertEqual(strings.longestPrefix(of: code), held.max { $0.count < $1.count }, "\(code)")
        }
    }

    func testEveryClassIsInhabitedOnBothSidesOfZero() {
        for prefix in [nil] + strings.prefixes.map(Optional.some) {
            XCTAssertTrue((1...4).contains { strings.longestPrefix(of: $0) == prefix }, "\(prefix ?? "none")")
            XCTAssertTrue((-4 ... -1).contains { strings.longestPrefix(of: $0) == prefix }, "\(prefix ?? "none")")
        }
    }
}
