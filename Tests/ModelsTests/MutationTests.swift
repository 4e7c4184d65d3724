import XCTest
@testable import Models

/// Mutants of the shipped specs: weakening a rule or an invariant's guard must be caught as a
/// violation (with a replayable counterexample); mutants that keep the behaviour stay proved.
final class MutationTests: XCTestCase {
    struct Mutant {
        var name: String
        var file: String
        var replacements: [(String, String)]
        /// Invariants whose verdict changes to violated; all others must stay proved.
        var violates: Set<String>
    }

    static let mutants: [Mutant] = [
        Mutant(name: "login accepted without ok", file: "webforum.ucheck",
               replacements: [("recv reply auth.Authenticate as a when a.ok", "recv reply auth.Authenticate as a")],
               violates: ["auth_before_post"]),
        Mutant(name: "invariant guard weakened to a failed login", file: "webforum.ucheck",
               replacements: [("where ok and request.user == u", "where not ok and request.user == u")],
               violates: ["auth_before_post"]),
        Mutant(name: "read deletes the message", file: "webforum.ucheck",
               replacements: [("=> send kv.Get(key: r.path.id)", "=> send kv.Get(key: r.path.id); send kv.Delete(key: r.path.id)")],
               violates: ["immutable_posts"]),
        Mutant(name: "post authors any user", file: "webforum.ucheck",
               replacements: [("author: r.user,", "author: any User,")],
               violates: ["auth_before_post"]),
        Mutant(name: "kv insert overwrites (no change to the invariants)", file: "webforum.ucheck",
               replacements: [("rule insert: recv kv.Insert as m when m.key not in store", "rule insert: recv kv.Insert as m when m.key not in store or m.value == \"x\"")],
               violates: []),
        Mutant(name: "rules reordered and renamed", file: "webforum.ucheck",
               replacements: [("  rule read: recv frontend.read as r\n    => send kv.Get(key: r.path.id)\n", ""),
                              ("model frontend {\n  state authed: set<User>\n", "model frontend {\n  state authed: set<User>\n  rule fetch: recv frontend.read as r\n    => send kv.Get(key: r.path.id)\n")],
               violates: []),
        Mutant(name: "zero amounts charged", file: "shop.ucheck",
               replacements: [("when r.amount > 0 and r.qty in 1..10", "when r.qty in 1..10")],
               violates: ["positive_charges", "charge_per_checkout"]),
        Mutant(name: "charge scoped globally instead of per request", file: "shop.ucheck",
               replacements: [("invariant charge_per_checkout per request:", "invariant charge_per_checkout:")],
               violates: []),
        Mutant(name: "quantity bound off by one", file: "shop.ucheck",
               replacements: [("r.qty in 1..10", "r.qty in 1..11")],
               violates: ["bounded_quantities"]),
        Mutant(name: "order marked paid on a declined charge", file: "shop.ucheck",
               replacements: [("recv reply payment.Charge as c when c.ok", "recv reply payment.Charge as c")],
               violates: ["paid_before_ship"]),
        Mutant(name: "inventory ships anything", file: "shop.ucheck",
               replacements: [("when m.order in reserved => reserved.remove", "when m.order in reserved or m.order not in reserved => reserved.remove")],
               violates: ["ship_reserved"]),
        Mutant(name: "equivalent amount check", file: "shop.ucheck",
               replacements: [("r.amount > 0", "r.amount >= 1")],
               violates: []),
        Mutant(name: "credit after a declined debit", file: "bank.ucheck",
               replacements: [("recv reply accounts.Debit as d when d.ok", "recv reply accounts.Debit as d")],
               violates: ["credit_after_debit"]),
        Mutant(name: "debit on any ledger reply (the ledger only answers ok)", file: "bank.ucheck",
               replacements: [("recv reply ledger.Record as l when l.ok", "recv reply ledger.Record as l")],
               violates: []),
        Mutant(name: "credit guard in the invariant dropped", file: "bank.ucheck",
               replacements: [("where ok and request.transfer == t at gateway", "where ok and not ok and request.transfer == t at gateway")],
               violates: ["credit_after_debit"]),
    ]

    func testMutants() throws {
        for mutant in MutationTests.mutants {
            var text = try SpecFixtures.source(mutant.file)
            for (old, new) in mutant.replacements {
                XCTAssertTrue(text.contains(old), "\(mutant.name): fixture text not found")
                text = text.replacingOccurrences(of: old, with: new)
            }
            let spec = try SpecLoader.load(source: text, file: SpecFixtures.path("mutant-" + mutant.file))
            for verdict in Verifier(timeoutSeconds: 60).verify(spec) {
                let label = "\(mutant.name): \(verdict.invariant)"
                if mutant.violates.contains(verdict.invariant) {
                    XCTAssertEqual(verdict.status, .violated, label)
                    let invariant = try XCTUnwrap(spec.invariants.first { $0.name == verdict.invariant })
                    let counterexample = try XCTUnwrap(verdict.counterexample, label)
                    XCTAssertNoThrow(try ModelInterpreter(slicing: spec, for: invariant).replay(counterexample), label)
                } else {
                    XCTAssertEqual(verdict.status, .proved, label)
                }
            }
        }
    }
}
