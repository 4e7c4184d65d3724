import ArgumentParser
import Models

/// `ucheck check SPEC`: parse, resolve names and type-check; print diagnostics as file:line:col.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check a spec for syntax, name and type errors (exit 0 if clean, 2 if not).")

    @Argument(help: "The .ucheck spec file.") var spec: String

    func run() throws {
        let checked = try loadSpec(spec)
        print("\(spec): ok (app \(checked.app): \(checked.services.count) services, \(checked.rules.count) rules, \(checked.invariants.count) invariants)")
    }
}

/// Loads a spec, or prints its diagnostics to stderr and exits with status 2.
func loadSpec(_ path: String) throws -> CheckedSpec {
    do {
        return try SpecLoader.load(path: path)
    } catch {
        printError(error.description)
        throw ExitCode(2)
    }
}
