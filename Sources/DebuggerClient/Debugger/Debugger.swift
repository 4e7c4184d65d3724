import ControlAPI
import Foundation
import Models

/// One ucdbg session: the attached switches, this session's breakpoints, the held messages and
/// the current stop. Commands run on the main thread; events reach it through the `EventInbox`.
public final class Debugger {
    /// The default of `set timeout`: how long `continue` and `step` wait in batch mode.
    public static let defaultBatchTimeout = 30.0

    let switches: [SwitchConnection]
    let inbox: EventInbox
    let console: Console
    let catalogue: Catalogue
    let compiler: BreakpointCompiler
    /// Batch mode: no prompt, no confirmations, waits bounded by `timeout`, failures set the exit status.
    let batch: Bool
    /// Readable on Ctrl-C (interactive sessions only).
    var interruptFD: Int32?

    var breakpoints: [Breakpoint] = []
    /// The switches each breakpoint is set on (those running its app).
    var placement: [Int: [Int]] = [:]
    var nextBreakpointNumber = 1
    var held: [HeldStop] = []
    var current: HeldStop?
    /// The request of the latest stop, for `backtrace` after it was released.
    var lastTrace: String?
    /// Held messages as the last `info requests` numbered them (nil before the first).
    var numberedStops: [HeldStop]?
    var timeout = Debugger.defaultBatchTimeout
    var failed = false
    var quitting = false
    /// The command being run was typed at the prompt (not read from a script): confirmations are asked.
    var typedAtPrompt = false

    init(switches: [SwitchConnection], inbox: EventInbox, console: Console, catalogue: Catalogue, batch: Bool) {
        self.switches = switches
        self.inbox = inbox
        self.console = console
        self.catalogue = catalogue
        self.compiler = BreakpointCompiler(catalogue: catalogue)
        self.batch = batch
    }

    /// Runs one command line; false when it failed (in batch mode, the exit status becomes 1).
    @discardableResult
    func execute(_ line: String) -> Bool {
        do throws(CommandError) {
            switch CommandParser.parse(line) {
            case .success(let command): try run(command)
            case .failure(let error): throw error
            }
            return true
        } catch {
            console.error(error.message)
            if batch { failed = true }
            return false
        }
    }

    private func run(_ command: Command) throws(CommandError) {
        switch command {
        case .nothing: break
        case .setBreakpoint(let kind, let pattern): try setBreakpoint(kind, pattern)
        case .delete(let numbers): try delete(numbers)
        case .info(.breakpoints): try infoBreakpoints()
        case .info(.requests): try infoRequests()
        case .info(.switches): infoSwitches()
        case .continue: try continueExecution()
        case .step: try step()
        case .print(let field): try printCurrent(field)
        case .backtrace: try backtrace()
        case .drop: try drop()
        case .selectRequest(let number): try selectRequest(number)
        case .setTimeout(let seconds): timeout = seconds
        case .help(let topic): try help(topic)
        case .quit: quit(explicitly: true)
        }
    }

    private func help(_ topic: String?) throws(CommandError) {
        guard let topic else { return console.say(CommandTable.summary) }
        switch CommandTable.lookup(topic) {
        case .success(let entry): console.say("\(entry.usage)\n\(entry.help)")
        case .failure(let error): throw error
        }
    }

    /// Ends the session. The switches release this session's stops when its connection closes.
    func quit(explicitly: Bool) {
        if explicitly || !batch {
            let names = switches.map(\.name).joined(separator: ", ")
            console.say("Detaching from \(names): the switches release this session's held messages when it closes.")
        }
        switches.forEach { $0.close() }
        quitting = true
    }

    /// Sends `request` to switch `index`; a refusal or a dead connection becomes a `CommandError`.
    @discardableResult
    func send(_ request: ControlRequest, to index: Int) throws(CommandError) -> ControlReply {
        let connection = switches[index]
        let reply: ControlReply
        do {
            reply = try connection.request(request)
        } catch {
            throw CommandError(error.description)
        }
        guard reply.ok else { throw CommandError("\(connection.name): \(reply.error ?? "refused")") }
        return reply
    }

    /// Sends `request` to each of `indices`; every refusal is reported, the first is thrown after all were tried.
    func sendToEach(_ request: ControlRequest, _ indices: [Int]) throws(CommandError) -> [Int: ControlReply] {
        var replies: [Int: ControlReply] = [:]
        var errors: [String] = []
        for index in indices {
            do throws(CommandError) { replies[index] = try send(request, to: index) } catch { errors.append(error.message) }
        }
        if !errors.isEmpty { throw CommandError(errors.joined(separator: "\n")) }
        return replies
    }

    func requireCurrent(_ what: String) throws(CommandError) -> HeldStop {
        guard let current else { throw CommandError("No current stop: \(what) needs a held message (see `info requests`).") }
        return current
    }

    func switchName(_ index: Int) -> String { switches[index].name }
}
