/// Generates applications of N HTTP services for the verification benchmark:
/// - `chain`: s0 (external) → s1 → … → sN-1, each hop checking and forwarding the request;
/// - `fanout`: s0 (external) with one route per backend s1 … sN-1, each backend remembering the
///   users it served.
/// Chain services keep a set of users they have admitted. Invariants, spread over the application:
/// sequence invariants (a service forwards a user only after admitting it, monitorable at that
/// service) and plain ones (no request with an out-of-range count reaches a service).
enum AppGenerator {
    enum Shape: String, CaseIterable { case chain, fanout }

    /// Indices of the services the invariants are about (first, middle and last backend).
    static func focus(_ count: Int) -> [Int] { Array(Set([1, count / 2, count - 1])).sorted() }

    static func spec(_ shape: Shape, services count: Int) -> String {
        var lines = ["app \(shape.rawValue)\(count)", "sort U"]
        for i in 0..<count {
            lines.append("service s\(i) http at \"10.8.\(i / 250).\(i % 250):80\"\(i == 0 ? " external" : "")")
            if shape == .fanout, i == 0 {
                for j in 1..<count { lines.append("route s0.r\(j) POST \"/r\(j)\" { a: U, n: int, b: bool }") }
            } else {
                lines.append("route s\(i).r POST \"/r\" { a: U, n: int, b: bool }")
            }
        }
        let admit = "when m.n in 0..100 and (m.a in admitted or m.b) => admitted.add(m.a)"
        switch shape {
        case .chain:
            for i in 0..<count {
                let effect = i + 1 < count ? "send s\(i + 1).r(a: m.a, n: m.n, b: m.b)" : "reply(status: 200)"
                lines += ["model s\(i) {", "  state admitted: set<U>", "  rule forward: recv s\(i).r as m \(admit); \(effect)", "}"]
            }
            for i in focus(count) {
                lines.append("invariant admitted\(i): forall u: U. never send reply s\(i).r where request.a == u at s\(i)"
                             + " unless earlier recv s\(i).r where a == u and b at s\(i)")
                lines.append("invariant bounded\(i): never recv s\(i).r where n > 100 or n < 0 at s\(i)")
            }
            lines.append("invariant forwarded: forall u: U. never send s1.r where a == u at s0 unless earlier recv s0.r where a == u and b at s0")
        case .fanout:
            lines.append("model s0 {")
            for j in 1..<count { lines.append("  rule r\(j): recv s0.r\(j) as m when m.n in 0..100 and m.b => send s\(j).r(a: m.a, n: m.n, b: m.b)") }
            lines.append("}")
            for j in 1..<count {
                lines += ["model s\(j) {", "  state seen: set<U>",
                          "  rule serve: recv s\(j).r as m when m.a not in seen => seen.add(m.a); reply(status: 200)",
                          "  rule again: recv s\(j).r as m when m.a in seen => reply(status: 304)", "}"]
            }
            for j in focus(count) {
                lines.append("invariant admitted\(j): forall u: U. never send s\(j).r where a == u at s0"
                             + " unless earlier recv s0.r\(j) where a == u and b at s0")
                lines.append("invariant bounded\(j): never recv s\(j).r where n > 100 or n < 0 at s\(j)")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
