import ArgumentParser
import Foundation
import Models

/// `ucheck compile SPEC -o FILE`: write the enforcement tables of a verified spec.
struct CompileCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compile",
        abstract: "Verify a spec and write its enforcement tables (docs/compiled-spec-format.md).")

    @Argument(help: "The .ucheck spec file.") var spec: String
    @Option(name: .shortAndLong, help: "Where to write the compiled file.") var output: String
    @Option(help: "Seconds Z3 may spend on each question.") var timeout: Double = 60
    @Flag(help: "Compile even if some invariant is not proved.") var allowUnproved = false

    func run() throws {
        let checked = try loadSpec(spec)
        let verdicts = Verifier(timeoutSeconds: timeout).verify(checked)
        let unproved = verdicts.filter { $0.status != .proved }
        if !unproved.isEmpty && !allowUnproved {
            for verdict in unproved { printError(VerdictReport.text(verdict, spec: checked)) }
            printError("\(spec): not compiled: \(unproved.map(\.invariant).joined(separator: ", ")) not proved (use --allow-unproved to compile anyway)")
            throw ExitCode(2)
        }
        let compiled = SpecCompiler().compile(checked, verdicts: verdicts)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        try encoder.encode(compiled).write(to: URL(fileURLWithPath: output))
        print("\(output): \(compiled.services.count) services, \(compiled.restrictions.count) restrictions, \(compiled.monitors.count) monitors")
    }
}
