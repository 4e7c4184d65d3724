import XCTest
@testable import Models

/// Verdicts of the shipped specs, and counterexamples replayed through the interpreter.
final class VerifierTests: XCTestCase {
    func verdicts(_ name: String) throws -> (CheckedSpec, [String: Verdict]) {
        let spec = try SpecLoader.load(path: SpecFixtures.path(name))
        let verdicts = Verifier(timeoutSeconds: 60).verify(spec)
        return (spec, Dictionary(uniqueKeysWithValues: verdicts.map { ($0.invariant, $0) }))
    }

    func testWebforumBothProved() throws {
        let (_, verdicts) = try verdicts("webforum.ucheck")
        let immutable = try XCTUnwrap(verdicts["immutable_posts"])
        XCTAssertEqual(immutable.status, .proved)
        XCTAssertEqual(immutable.exact, true)
        XCTAssertEqual(immutable.monitorableAt, ["kv"])
        let authenticated = try XCTUnwrap(verdicts["auth_before_post"])
        XCTAssertEqual(authenticated.status, .proved)
        XCTAssertEqual(authenticated.exact, false, "needs frontend's authed set, which the switch cannot see")
        XCTAssertEqual(authenticated.monitorableAt, ["frontend"])
    }

    func testBrokenLoginIsViolatedWithARealExecution() throws {
        let (spec, verdicts) = try verdicts("broken/webforum-login-ignores-reply.ucheck")
        XCTAssertEqual(verdicts["immutable_posts"]?.status, .proved)
        let verdict = try XCTUnwrap(verdicts["auth_before_post"])
        XCTAssertEqual(verdict.status, .violated)
        let counterexample = try XCTUnwrap(verdict.counterexample)
        XCTAssertEqual(counterexample.steps.last?.rule, "post")
        XCTAssertTrue(counterexample.steps.contains { $0.rule == "logged_in" && $0.fields["ok"] == .bool(false) })
        let invariant = try XCTUnwrap(spec.invariants.first { $0.name == "auth_before_post" })
        let interpreter = ModelInterpreter(spec: spec, layout: MessageLayout(spec), invariant: invariant)
        XCTAssertNoThrow(try interpreter.replay(counterexample))
    }

    func testReplayRejectsAnExecutionThatIsNotReal() throws {
        let (spec, verdicts) = try verdicts("broken/webforum-login-ignores-reply.ucheck")
        var counterexample = try XCTUnwrap(verdicts["auth_before_post"]?.counterexample)
        let invariant = try XCTUnwrap(spec.invariants.first { $0.name == "auth_before_post" })
        let interpreter = ModelInterpreter(spec: spec, layout: MessageLayout(spec), invariant: invariant)
        // Skip the login: auth's reply was then never sent.
        counterexample.steps.removeFirst()
        XCTAssertThrowsError(try interpreter.replay(counterexample)) { error in
            XCTAssertEqual(error as? ReplayError, .messageNeverSent(step: 2))
        }
    }
}
