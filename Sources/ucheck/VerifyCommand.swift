import ArgumentParser
import Foundation
import Models

/// `ucheck verify SPEC`: prove every invariant or show a counterexample.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify every invariant with Z3.",
        discussion: "Exit status: 0 all proved, 1 a violation, 2 unknown or error.")

    @Argument(help: "The .ucheck spec file.") var spec: String
    @Option(help: "Seconds Z3 may spend on each question before the verdict is unknown.") var timeout: Double = 60
    @Flag(help: "Print the verdicts as JSON.") var json = false

    func run() throws {
        let checked = try loadSpec(spec)
        let verdicts = Verifier(timeoutSeconds: timeout).verify(checked)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
            print(String(decoding: try encoder.encode(verdicts), as: UTF8.self))
        } else {
            for verdict in verdicts { print(VerdictReport.text(verdict, spec: checked)) }
        }
        if verdicts.contains(where: { $0.status == .violated }) { throw ExitCode(1) }
        if verdicts.contains(where: { $0.status == .unknown }) { throw ExitCode(2) }
    }
}
