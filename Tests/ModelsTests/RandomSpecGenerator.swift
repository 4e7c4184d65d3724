/// Generates small random applications as `.ucheck` source: HTTP services with routes (so no
/// schema file is needed), rules with conditions on fields and state, sends along a random
/// service graph, and plain and sequence invariants; half of them also carry a string field
/// tested against the chained prefixes "a/" and "a/b/". Deterministic for a seed.
struct RandomSpecGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed &* 6364136223846793005 &+ 1442695040888963407 }

    mutating func next(_ bound: Int) -> Int {
        state = state &* 6364136223846793005 &+ 1442695040888963407
        return Int((state >> 33) % UInt64(bound))
    }

    mutating func pick<T>(_ options: [T]) -> T { options[next(options.count)] }

    mutating func spec() -> String {
        let count = 2 + next(2)
        let usesPrefixes = next(2) == 0
        var lines = ["app random", "sort U"]
        for i in 0..<count {
            lines.append("service s\(i) http at \"10.9.0.\(i):80\"\(i == 0 ? " external" : "")")
            lines.append("route s\(i).r POST \"/r\" { a: U, n: int, b: bool\(usesPrefixes ? ", p: string" : "") }")
        }
        for i in 0..<count {
            let hasState = next(3) > 0
            var model = ["model s\(i) {"]
            if hasState { model.append("  state seen: set<U>") }
            var conditions = ["m.n > 0", "m.b", "m.n < 2 and m.b", "not m.b"]
            if hasState { conditions += ["m.a in seen", "m.a not in seen"] }
            if usesPrefixes { conditions += ["m.p starts with \"a/\"", "not m.p starts with \"a/b/\"", "m.p starts with \"a/b/\" and m.b"] }
            var actions: [String] = []
            if hasState { actions.append(pick(["seen.add(m.a)", "seen.remove(m.a)"])) }
            if i + 1 < count {
                let target = i + 1 + next(count - i - 1)
                let a = pick(["m.a", "any U"])
                let n = pick(["m.n", "m.n + 1", "0", "1"])
                let b = pick(["m.b", "true", "false"])
                let p = usesPrefixes ? ", p: " + pick(["m.p", "\"a/b/c\"", "any string"]) : ""
                actions.append("send s\(target).r(a: \(a), n: \(n), b: \(b)\(p))")
            }
            actions.append("reply(status: \(pick([200, 404])))")
            let condition = next(4) == 0 ? "" : " when " + pick(conditions)
            model.append("  rule r0: recv s\(i).r as m\(condition) => " + actions.joined(separator: "; "))
            if hasState, !model.joined().contains("seen.add") || next(2) == 0 {
                model.append("  rule r1: recv s\(i).r as m when m.a in seen and m.n > 1 => seen.add(m.a); reply(status: 201)")
            }
            model.append("}")
            lines += model
        }
        let last = count - 1
        var guards = ["b", "not b", "n < 3"]
        if usesPrefixes { guards += ["p starts with \"a/\"", "not p starts with \"a/b/\"", "p == \"a/b/c\""] }
        lines.append("invariant plain: never recv s\(last).r where n > \(pick([0, 1, 2])) and \(pick(guards)) at s\(last)")
        lines.append("invariant sequence: forall u: U. never send s\(last).r where a == u at s\(last - 1) unless earlier recv s\(last - 1).r where a == u and \(pick(["b", "n > 0", "n < 5"])) at s\(last - 1)")
        return lines.joined(separator: "\n") + "\n"
    }
}
