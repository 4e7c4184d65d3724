import Foundation
import Models

/// Paths of the shipped specs and a way to check variants of them written to a temporary directory.
enum SpecFixtures {
    static let specs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("specs")

    static func path(_ name: String) -> String { specs.appendingPathComponent(name).path }

    static func source(_ name: String) throws -> String { try String(contentsOfFile: path(name), encoding: .utf8) }

    /// The webforum spec with `replacements` applied, checked as if it lived next to the shipped schemas.
    static func checkWebforum(replacing replacements: [(String, String)]) throws -> CheckedSpec {
        try check("webforum.ucheck", replacing: replacements)
    }

    /// A shipped spec with `replacements` applied, checked as if it lived next to the shipped schemas.
    static func check(_ name: String, replacing replacements: [(String, String)]) throws -> CheckedSpec {
        var text = try source(name)
        for (old, new) in replacements {
            precondition(text.contains(old), "fixture text not found: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try SpecLoader.load(source: text, file: path(name.replacingOccurrences(of: ".ucheck", with: "-variant.ucheck")))
    }

    /// The first diagnostic a malformed variant of a shipped spec (the web forum unless named) produces.
    static func diagnostic(in name: String = "webforum.ucheck", replacing replacements: [(String, String)]) throws -> Diagnostic? {
        do {
            _ = try check(name, replacing: replacements)
            return nil
        } catch let error as SpecError {
            return error.diagnostics.first
        }
    }
}
