@testable import Enforcer
import Models
import XCTest

/// `PredicateProgram` on each kind of compiled-spec node, and several predicates sharing one
/// program, against what docs/compiled-spec-format.md says they mean.
final class PredicateProgramTests: XCTestCase {
    private func field(_ path: String, _ type: ValueType) -> PredicateNode { PredicateNode(op: .field, path: path, type: type) }
    private func string(_ s: String) -> PredicateNode { PredicateNode(op: .const, type: .string, string: s) }
    private func int(_ n: Int) -> PredicateNode { PredicateNode(op: .const, type: .int, int: n) }
    private func node(_ op: PredicateNode.Op, _ args: PredicateNode...) -> PredicateNode { PredicateNode(op: op, args: args) }

    /// Slots: user 0, key 1, count 2, admin 3, limit 4.
    private let slots = ["user": 0, "key": 1, "count": 2, "admin": 3, "limit": 4]
    private let fields: [CheckValue?] = [.bytes(Array("alice".utf8)), .bytes(Array("key:42".utf8)), .int(7), .bool(true), nil]

    private func holds(_ predicate: PredicateNode, _ fields: [CheckValue?]? = nil, bound: [CheckValue] = []) throws -> Bool {
        var program = PredicateProgram()
        let condition = try program.add(predicate) { path, _ in slots[path]! }
        return program.holds(condition, fields ?? self.fields, bound)
    }

    func testComparisonsOfStringsIntegersAndTruthValues() throws {
        XCTAssertTrue(try holds(node(.eq, field("user", .string), string("alice"))))
        XCTAssertFalse(try holds(node(.eq, field("user", .string), string("alicia"))))
        XCTAssertFalse(try holds(node(.eq, field("user", .string), string("alic"))))
        XCTAssertTrue(try holds(node(.ne, field("user", .string), string("bob"))))
        XCTAssertTrue(try holds(node(.eq, field("user", .string), field("user", .string))))
        XCTAssertTrue(try holds(node(.lt, field("count", .int), int(8))))
        XCTAssertFalse(try holds(node(.lt, field("count", .int), int(7))))
        XCTAssertTrue(try holds(node(.le, field("count", .int), int(7))))
        XCTAssertTrue(try holds(node(.gt, field("count", .int), int(-1))))
        XCTAssertTrue(try holds(node(.ge, field("count", .int), int(7))))
        XCTAssertTrue(try holds(node(.eq, field("admin", .bool), PredicateNode(op: .const, type: .bool, bool: true))))
        // Values of different kinds are never equal, and only integers are ordered.
        XCTAssertFalse(try holds(node(.eq, field("count", .int), string("7"))))
        XCTAssertTrue(try holds(node(.ne, field("count", .int), string("7"))))
        XCTAssertFalse(try holds(node(.lt, field("user", .string), string("bob"))))
    }

    func testAMissingFieldMakesEveryComparisonFalse() throws {
        XCTAssertFalse(try holds(node(.eq, field("limit", .int), int(0))))
        XCTAssertFalse(try holds(node(.ne, field("limit", .int), int(0))))
        XCTAssertFalse(try holds(node(.prefix, field("limit", .string)).with(string: "x")))
        XCTAssertTrue(try holds(node(.not, node(.eq, field("limit", .int), int(0)))))
        XCTAssertFalse(try holds(field("limit", .bool)))
    }

    func testArithmeticPrefixesAndConnectives() throws {
        XCTAssertTrue(try holds(node(.eq, node(.add, field("count", .int), int(3)), int(10))))
        XCTAssertTrue(try holds(node(.eq, node(.sub, field("count", .int), int(10)), int(-3))))
        XCTAssertFalse(try holds(node(.eq, node(.add, field("user", .string), int(3)), int(3))))
        XCTAssertTrue(try holds(node(.prefix, field("key", .string)).with(string: "key:")))
        XCTAssertTrue(try holds(node(.prefix, field("key", .string)).with(string: "")))
        XCTAssertFalse(try holds(node(.prefix, field("key", .string)).with(string: "key:420")))
        XCTAssertFalse(try holds(node(.prefix, field("key", .string)).with(string: "kez")))
        XCTAssertFalse(try holds(node(.prefix, field("count", .int)).with(string: "7")))
        XCTAssertTrue(try holds(node(.prefix, string("key:1")).with(string: "key")))
        XCTAssertTrue(try holds(field("admin", .bool)))
        XCTAssertTrue(try holds(node(.and, field("admin", .bool), node(.eq, field("user", .string), string("alice")))))
        XCTAssertFalse(try holds(node(.and, field("admin", .bool), node(.eq, field("user", .string), string("bob")))))
        XCTAssertTrue(try holds(node(.or, node(.eq, field("user", .string), string("bob")), node(.not, node(.not, field("admin", .bool))))))
        XCTAssertFalse(try holds(node(.or)))
        XCTAssertTrue(try holds(node(.and)))
        XCTAssertTrue(try holds(.always))
    }

    func testBoundValuesOfAMonitor() throws {
        let user = PredicateNode(op: .bound, index: 0, type: .string)
        let count = PredicateNode(op: .bound, index: 1, type: .int)
        let bound: [CheckValue] = [.bytes(Array("alice".utf8)), .int(7)]
        XCTAssertTrue(try holds(node(.eq, field("user", .string), user), bound: bound))
        XCTAssertTrue(try holds(node(.eq, count, field("count", .int)), bound: bound))
        XCTAssertFalse(try holds(node(.eq, field("user", .string), user), bound: [.bytes(Array("bob".utf8))]))
        // A bound value the monitor did not bind is missing.
        XCTAssertFalse(try holds(node(.eq, field("user", .string), user), bound: []))
    }

    func testPredicatesSharingAProgramKeepTheirOwnMeaning() throws {
        var program = PredicateProgram()
        let slot: (String, ValueType) -> Int = { path, _ in self.slots[path]! }
        let isAlice = try program.add(node(.eq, field("user", .string), string("alice")), slot: slot)
        let always = try program.add(.always, slot: slot)
        let keyed = try program.add(node(.prefix, field("key", .string)).with(string: "key:"), slot: slot)
        let isBob = try program.add(node(.eq, field("user", .string), string("bob")), slot: slot)
        XCTAssertTrue(always.isAlways)
        XCTAssertFalse(isAlice.isAlways)
        XCTAssertEqual([isAlice, always, keyed, isBob].map { program.holds($0, fields) }, [true, true, true, false])
    }

    func testMalformedNodesAreRefused() {
        var program = PredicateProgram()
        XCTAssertThrowsError(try program.add(node(.not)) { _, _ in 0 })
        XCTAssertThrowsError(try program.add(PredicateNode(op: .const)) { _, _ in 0 })
        XCTAssertThrowsError(try program.add(node(.prefix, field("key", .string))) { _, _ in 0 })
    }
}

private extension PredicateNode {
    func with(string: String) -> PredicateNode {
        var node = self
        node.string = string
        return node
    }
}
