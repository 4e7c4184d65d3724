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
        var text = try source("webforum.ucheck")
        for (old, new) in replacements {
            precondition(text.contains(old), "fixture text not found: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try SpecLoader.load(source: text, file: path("webforum-variant.ucheck"))
    }

    /// The single diagnostic a malformed variant produces (fails the test if there are others).
    static func diagnostic(replacing replacements: [(String, String)]) throws -> Diagnostic? {
        do {
            _ = try checkWebforum(replacing: replacements)
            return nil
        } catch let error as SpecError {
            return error.diagnostics.first
        }
    }
}
