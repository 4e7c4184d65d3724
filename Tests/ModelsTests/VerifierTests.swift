import XCTest
@testable import Models

/// Every shipped spec gives its documented verdicts; every counterexample replays through the
/// interpreter to the violation.
final class VerifierTests: XCTestCase {
    /// Expected verdicts: status, exactness (for proved), monitoring port.
    struct Expected {
        var status: VerdictStatus
        var exact: Bool?
        var port: String?
    }

    static let shipped: [String: [String: Expected]] = [
        "webforum.ucheck": [
            "immutable_posts": Expected(status: .proved, exact: true, port: "kv"),
            "auth_before_post": Expected(status: .proved, exact: false, port: "frontend"),
        ],
        "broken/webforum-login-ignores-reply.ucheck": [
            "immutable_posts": Expected(status: .proved, exact: true, port: "kv"),
            "auth_before_post": Expected(status: .violated, exact: nil, port: "frontend"),
        ],
        "shop.ucheck": [
            "paid_before_ship": Expected(status: .proved, exact: false, port: "storefront"),
            "positive_charges": Expected(status: .proved, exact: true, port: "payment"),
            "bounded_quantities": Expected(status: .proved, exact: true, port: "inventory"),
            "ship_reserved": Expected(status: .proved, exact: false, port: "inventory"),
            "charge_per_checkout": Expected(status: .proved, exact: true, port: "storefront"),
        ],
        "broken/shop-zero-charge.ucheck": [
            "paid_before_ship": Expected(status: .proved, exact: false, port: "storefront"),
            "positive_charges": Expected(status: .violated, exact: nil, port: "payment"),
            "bounded_quantities": Expected(status: .proved, exact: true, port: "inventory"),
            "ship_reserved": Expected(status: .proved, exact: false, port: "inventory"),
            "charge_per_checkout": Expected(status: .violated, exact: nil, port: "storefront"),
        ],
        "bank.ucheck": [
            "audited_debits": Expected(status: .proved, exact: true, port: nil),
            "credit_after_debit": Expected(status: .proved, exact: true, port: "gateway"),
        ],
        "files.ucheck": [
            "public_writes": Expected(status: .proved, exact: true, port: "kv"),
            "public_kept": Expected(status: .proved, exact: true, port: "kv"),
        ],
        "warehouse.ucheck": [
            "sane_quantities": Expected(status: .proved, exact: true, port: "stock"),
            "release_after_reserve": Expected(status: .proved, exact: false, port: "shop"),
        ],
        "broken/files-prefix-without-slash.ucheck": [
            "public_writes": Expected(status: .violated, exact: nil, port: "kv"),
            "public_kept": Expected(status: .proved, exact: true, port: "kv"),
        ],
        "sessions.ucheck": [
            "no_flush": Expected(status: .proved, exact: true, port: "cache"),
            "no_config": Expected(status: .proved, exact: true, port: "cache"),
            "sessions_kept": Expected(status: .proved, exact: true, port: "cache"),
        ],
        "benchmark-cache.ucheck": [:],
        "broken/sessions-clear-any-key.ucheck": [
            "no_flush": Expected(status: .proved, exact: true, port: "cache"),
            "no_config": Expected(status: .proved, exact: true, port: "cache"),
            "sessions_kept": Expected(status: .violated, exact: nil, port: "cache"),
        ],
        "broken/bank-debit-before-audit.ucheck": [
            "audited_debits": Expected(status: .violated, exact: nil, port: nil),
            "credit_after_debit": Expected(status: .proved, exact: true, port: "gateway"),
        ],
    ]

    func testShippedSpecsGiveTheirDocumentedVerdicts() throws {
        for (file, expectations) in VerifierTests.shipped.sorted(by: { $0.key < $1.key }) {
            let spec = try SpecLoader.load(path: SpecFixtures.path(file))
            let verdicts = Verifier(timeoutSeconds: 60).verify(spec)
            XCTAssertEqual(Set(verdicts.map(\.invariant)), Set(expectations.keys), file)
            for verdict in verdicts {
                let expected = try XCTUnwrap(expectations[verdict.invariant])
                let label = "\(file) \(verdict.invariant)"
                XCTAssertEqual(verdict.status, expected.status, label)
                XCTAssertEqual(verdict.exact, expected.exact, label)
                XCTAssertEqual(verdict.monitorableAt, expected.port.map { [$0] } ?? [], label)
                guard verdict.status == .violated else {
                    XCTAssertNil(verdict.counterexample, label)
                    continue
                }
                let counterexample = try XCTUnwrap(verdict.counterexample, label)
                let invariant = try XCTUnwrap(spec.invariants.first { $0.name == verdict.invariant })
                XCTAssertNoThrow(try ModelInterpreter(slicing: spec, for: invariant).replay(counterexample), label)
            }
        }
    }

    func testBrokenLoginCounterexampleShowsTheRejectedLogin() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("broken/webforum-login-ignores-reply.ucheck"))
        let verdict = try XCTUnwrap(Verifier(timeoutSeconds: 60).verify(spec).first { $0.invariant == "auth_before_post" })
        let counterexample = try XCTUnwrap(verdict.counterexample)
        XCTAssertEqual(counterexample.steps.last?.rule, "post")
        XCTAssertTrue(counterexample.steps.contains { $0.rule == "logged_in" && $0.fields["ok"] == .bool(false) })
        let text = counterexample.render(spec)
        XCTAssertTrue(text.contains("1. client → frontend: frontend.login request"), text)
        XCTAssertTrue(text.contains("frontend → kv: kv.Insert request"), text)
    }

    func testPrefixCounterexampleUploadsAPathMissingTheSlash() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("broken/files-prefix-without-slash.ucheck"))
        let verdict = try XCTUnwrap(Verifier(timeoutSeconds: 60).verify(spec).first { $0.invariant == "public_writes" })
        let counterexample = try XCTUnwrap(verdict.counterexample)
        let upload = try XCTUnwrap(counterexample.steps.last)
        XCTAssertEqual(upload.rule, "upload")
        let key = try XCTUnwrap(upload.sent.first { $0.message.method == "Insert" }?.fields["key"]).intValue
        XCTAssertTrue(spec.strings.holds("public", for: key))
        XCTAssertFalse(spec.strings.holds("public/", for: key))
        XCTAssertTrue(counterexample.render(spec).contains("key=\"public…\"#"), counterexample.render(spec))

        // The same upload with a path under "public/" violates nothing.
        let interpreter = ModelInterpreter(slicing: spec, for: try XCTUnwrap(spec.invariants.first { $0.name == "public_writes" }))
        var tampered = counterexample
        let publicPath = try XCTUnwrap((-3...3).first { spec.strings.holds("public/", for: $0) })
        tampered.steps[tampered.steps.count - 1].fields["form.path"] = .int(publicPath)
        tampered.steps[tampered.steps.count - 1].sent[0].fields["key"] = .int(publicPath)
        XCTAssertThrowsError(try interpreter.replay(tampered)) { error in
            XCTAssertEqual(error as? ReplayError, .noViolation)
        }
    }

    func testReplayRejectsAnExecutionThatIsNotReal() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("broken/webforum-login-ignores-reply.ucheck"))
        let verdict = try XCTUnwrap(Verifier(timeoutSeconds: 60).verify(spec).first { $0.invariant == "auth_before_post" })
        var counterexample = try XCTUnwrap(verdict.counterexample)
        let invariant = try XCTUnwrap(spec.invariants.first { $0.name == "auth_before_post" })
        let interpreter = ModelInterpreter(slicing: spec, for: invariant)
        var skipped = counterexample
        skipped.steps.removeFirst()
        XCTAssertThrowsError(try interpreter.replay(skipped)) { error in
            XCTAssertEqual(error as? ReplayError, .messageNeverSent(step: 2))
        }
        // With the reply saying ok=true the execution is real but violates nothing.
        let index = try XCTUnwrap(counterexample.steps.firstIndex { $0.rule == "check" })
        counterexample.steps[index].anyValues[0] = .bool(true)
        counterexample.steps[index].sent[0].fields["ok"] = .bool(true)
        counterexample.steps[index + 1].fields["ok"] = .bool(true)
        XCTAssertThrowsError(try interpreter.replay(counterexample)) { error in
            XCTAssertEqual(error as? ReplayError, .noViolation)
        }
    }

    func testTimeoutGivesUnknownWithTheReason() throws {
        let spec = try SpecLoader.load(path: SpecFixtures.path("limits/bank-relayed-amounts.ucheck"))
        let verdict = try XCTUnwrap(Verifier(timeoutSeconds: 2).verify(spec).first { $0.invariant == "bounded_amounts" })
        XCTAssertEqual(verdict.status, .unknown)
        XCTAssertEqual(verdict.reason, "timeout after 2.0 s (--timeout)")
        XCTAssertNil(verdict.counterexample)
    }
}
