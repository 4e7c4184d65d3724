import ArgumentParser
import DebuggerClient
import Foundation

/// `ucdbg`: a gdb-like debugger on the RPC messages of microservice applications, driving one or
/// more vswitches over their control API (docs/ucdbg.md).
@main
struct UCDBG: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ucdbg",
        abstract: "Breakpoints on RPC messages and stepping through one request, on every attached vswitch.",
        discussion: "Commands are read from the terminal (with line editing, history and completion), or line by line from stdin when it is not a terminal. Type `help` inside ucdbg for the commands.")

    @Option(name: .customLong("switch"), help: ArgumentHelp("A vswitch's control address.", valueName: "HOST:PORT"))
    var switches: [String] = []

    @Option(name: .customLong("token-file"), help: ArgumentHelp("The switch's token file (its control.token_file); one per --switch, in order, or one for all.", valueName: "FILE"))
    var tokenFiles: [String] = []

    @Option(help: ArgumentHelp("The app's spec (.ucheck): `where` conditions and field completion.", valueName: "FILE"))
    var spec: String?

    @Option(name: .customShort("x"), help: ArgumentHelp("Run the commands in FILE first (repeatable).", valueName: "FILE"))
    var scripts: [String] = []

    @Flag(help: "Run the -x scripts (and stdin when it is not a terminal), then exit; never prompt.")
    var batch = false

    @Option(help: ArgumentHelp("The history file (default ~/.ucdbg_history).", valueName: "FILE"))
    var history: String?

    func validate() throws {
        guard !switches.isEmpty else { throw ValidationError("give at least one --switch HOST:PORT") }
        for text in switches where SwitchAddress(text) == nil { throw ValidationError("'\(text)' is not HOST:PORT") }
    }

    func run() throws {
        let options = DebuggerOptions(
            switches: switches.compactMap(SwitchAddress.init), tokenFiles: tokenFiles, specPath: spec, scripts: scripts, batch: batch,
            historyFile: history ?? (NSHomeDirectory() as NSString).appendingPathComponent(".ucdbg_history"))
        let status = Debugger.main(options)
        if status != 0 { throw ExitCode(status) }
    }
}
