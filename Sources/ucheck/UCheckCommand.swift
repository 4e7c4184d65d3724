import ArgumentParser

/// `ucheck`: check, verify and compile microservice models (docs/spec-language.md), and decode
/// captures of RPC traffic (docs/rpcdecode.md) and replay them through the enforcer.
@main
struct UCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ucheck",
        abstract: "Verify microservice models, compile them for the enforcer, decode RPC captures.",
        subcommands: [CheckCommand.self, VerifyCommand.self, CompileCommand.self, DecodeCommand.self, ReplayCommand.self])
}
