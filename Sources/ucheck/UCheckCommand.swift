import ArgumentParser

/// `ucheck`: decode captures of RPC traffic (and, merged from the models branch, check, verify
/// and compile microservice models).
@main
struct UCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ucheck",
        abstract: "Verify microservice models, compile them for the enforcer, decode RPC captures.",
        subcommands: [DecodeCommand.self])
}
