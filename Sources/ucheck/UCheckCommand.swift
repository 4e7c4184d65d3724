import ArgumentParser

/// `ucheck`: check, verify and compile microservice models (docs/spec-language.md).
@main
struct UCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ucheck",
        abstract: "Verify microservice models and compile them for the enforcer.",
        subcommands: [CheckCommand.self, VerifyCommand.self, CompileCommand.self])
}
