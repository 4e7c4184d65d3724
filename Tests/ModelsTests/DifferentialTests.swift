import XCTest
@testable import Models

/// The Z3 verdicts against an explicit-state explorer of small bounded instances: a proved
/// invariant has no violation within the bound, an explorer violation means Z3 says violated,
/// and a Z3 counterexample short enough for the bound is found by the explorer too.
final class DifferentialTests: XCTestCase {
    static let exploreSteps = 4
    var incomplete = 0

    func agree(_ spec: CheckedSpec, label: String) -> Int {
        let layout = MessageLayout(spec)
        var compared = 0
        for verdict in Verifier(timeoutSeconds: 30).verify(spec) {
            let invariant = spec.invariants.first { $0.name == verdict.invariant }!
            // The whole application, not the slice: this also checks that slicing loses nothing.
            let explorer = ExplicitStateExplorer(interpreter: ModelInterpreter(spec: spec, layout: layout, invariant: invariant))
            let outcome = explorer.explore(maxSteps: DifferentialTests.exploreSteps)
            let name = "\(label) \(verdict.invariant)"
            switch (verdict.status, outcome) {
            case (.proved, .violated(let steps)):
                XCTFail("\(name): Z3 proved it, the explorer violates it in \(steps) steps")
            case (.violated, .safe):
                if let length = verdict.counterexample?.steps.count, length <= DifferentialTests.exploreSteps {
                    XCTFail("\(name): Z3 counterexample of \(length) steps, none found by the explorer")
                }
            case (.unknown, _):
                XCTFail("\(name): unknown: \(verdict.reason ?? "")")
            case (_, .incomplete):
                incomplete += 1
                continue
            default:
                break
            }
            compared += 1
        }
        return compared
    }

    func testShippedSpecsAgree() throws {
        var compared = 0
        for file in VerifierTests.shipped.keys.sorted() {
            compared += agree(try SpecLoader.load(path: SpecFixtures.path(file)), label: file)
        }
        print("differential: shipped specs, \(compared) verdicts compared, \(incomplete) explorations incomplete")
    }

    func testRandomSmallSpecsAgree() throws {
        var compared = 0
        var violated = 0
        var checkedSpecs = 0
        var prefixVerdicts = 0
        for seed in UInt64(1)...60 {
            var generator = RandomSpecGenerator(seed: seed)
            let source = generator.spec()
            guard let spec = try? SpecLoader.load(source: source, file: "random-\(seed).ucheck") else { continue }
            checkedSpecs += 1
            let agreed = agree(spec, label: "seed \(seed)")
            compared += agreed
            if !spec.prefixes.isEmpty { prefixVerdicts += agreed }
            violated += Verifier(timeoutSeconds: 30).verify(spec).filter { $0.status == .violated }.count
        }
        print("differential: \(checkedSpecs) random specs, \(compared) verdicts compared (\(prefixVerdicts) with prefix tests), " +
              "\(violated) violated, \(incomplete) explorations incomplete")
        XCTAssertGreaterThan(checkedSpecs, 20, "the generator must produce mostly valid specs")
        XCTAssertGreaterThan(compared, 40)
        XCTAssertGreaterThan(prefixVerdicts, 15, "random specs must exercise prefix tests")
        XCTAssertGreaterThan(violated, 5, "random specs must exercise both verdicts")
    }
}
