import ControlAPI
import Foundation
import Models
#if canImport(Glibc)
import Glibc
#endif

/// Starting a session (tokens, spec, attaching to every switch) and reading commands: `-x`
/// scripts, then the prompt, or stdin line by line when it is not a terminal.
extension Debugger {
    /// Runs ucdbg; the process's exit status.
    public static func main(_ options: DebuggerOptions) -> Int32 {
        let interactive = !options.batch && isatty(STDIN_FILENO) == 1
        let console = Console(style: Style.forStandardOutput(batch: !interactive))
        guard let debugger = attach(options, console: console, batch: !interactive) else { return 1 }
        if interactive { debugger.interruptFD = InterruptSignal.install() }
        for script in options.scripts where !debugger.quitting {
            guard let text = try? String(contentsOfFile: script, encoding: .utf8) else {
                debugger.console.error("\(script): cannot read the script")
                debugger.failed = true
                continue
            }
            debugger.runLines(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
        }
        if !debugger.quitting {
            if interactive {
                debugger.runPrompt(historyFile: options.historyFile)
            } else if !options.batch || isatty(STDIN_FILENO) == 0 {
                debugger.runLines(AnyIterator { readLine() })
            }
        }
        if !debugger.quitting { debugger.quit(explicitly: false) }
        return debugger.failed ? 1 : 0
    }

    /// Reads the tokens and the spec, attaches to every switch and says what each runs; nil
    /// (after one line per problem on stderr) when any of that fails.
    static func attach(_ options: DebuggerOptions, console: Console, batch: Bool) -> Debugger? {
        var problems: [String] = []
        if options.switches.isEmpty { problems.append("no switch given: --switch HOST:PORT") }
        if options.tokenFiles.count != 1 && options.tokenFiles.count != options.switches.count {
            problems.append("\(options.tokenFiles.count) token files for \(options.switches.count) switches: give one --token-file per switch, or one for all")
        }
        var spec: CheckedSpec?
        if let path = options.specPath {
            do { spec = try SpecLoader.load(path: path) } catch { problems += error.diagnostics.map(\.description) }
        }
        var tokens: [String] = []
        if problems.isEmpty {
            for index in options.switches.indices {
                let file = options.tokenFile(for: index)!
                guard let token = try? String(contentsOfFile: file, encoding: .utf8) else {
                    problems.append("\(file): cannot read the token file")
                    continue
                }
                tokens.append(token.trimmingCharacters(in: .whitespacesAndNewlines))
            }
        }
        let inbox = EventInbox()
        var connections: [SwitchConnection] = []
        if problems.isEmpty {
            for (index, address) in options.switches.enumerated() {
                do { connections.append(try SwitchConnection.attach(index: index, address: address, token: tokens[index], inbox: inbox)) } catch {
                    problems.append(error.description)
                }
            }
        }
        guard problems.isEmpty else {
            connections.forEach { $0.close() }
            for problem in problems { StandardStream.error.write("ucdbg: \(problem)\n") }
            return nil
        }
        for connection in connections {
            let hello = connection.hello!
            let apps = (hello.apps ?? []).map { app in
                "app \(app.name) (\(app.mode)): \(app.services.map(\.name).joined(separator: ", "))"
            }.joined(separator: "; ")
            console.say("Attached to \(connection.name) at \(connection.address), session \(hello.session.map(String.init) ?? "?"): \(apps.isEmpty ? "no apps" : apps)")
        }
        let catalogue = Catalogue(apps: connections.flatMap { $0.hello?.apps ?? [] }, spec: spec)
        return Debugger(switches: connections, inbox: inbox, console: console, catalogue: catalogue, batch: batch)
    }

    /// Commands from a script or a pipe; events that came in between are shown before each.
    func runLines<Lines: Sequence<String>>(_ lines: Lines) {
        for line in lines {
            _ = handlePendingEvents()
            execute(line)
            if quitting { return }
        }
        _ = handlePendingEvents()
    }

    /// The interactive prompt: keys, switch events and Ctrl-C, polled together.
    func runPrompt(historyFile: String) {
        let editor = LineEditor(prompt: "(ucdbg) ", historyFile: historyFile, completer: Completer(catalogue: catalogue))
        console.editor = editor
        defer { editor.saveHistory() }
        editor.activate()
        while !quitting {
            var fds = [pollfd(fd: STDIN_FILENO, events: Int16(POLLIN), revents: 0), pollfd(fd: inbox.readFD, events: Int16(POLLIN), revents: 0)]
            if let interruptFD { fds.append(pollfd(fd: interruptFD, events: Int16(POLLIN), revents: 0)) }
            guard poll(&fds, nfds_t(fds.count), -1) > 0 else { continue }
            if let interruptFD, fds[2].revents != 0 {
                InterruptSignal.consume(interruptFD)
                editor.abandonLine()
            }
            if fds[1].revents != 0 { _ = handlePendingEvents() }
            guard fds[0].revents != 0, let input = editor.readCharacter() else { continue }
            editor.deactivate()
            switch input {
            case .line(let line):
                if !line.trimmingCharacters(in: .whitespaces).isEmpty { editor.remember(line) }
                typedAtPrompt = true
                execute(line)
                typedAtPrompt = false
            case .endOfFile:
                console.say("quit")
                quit(explicitly: true)
            }
            if !quitting { editor.activate() }
        }
        editor.deactivate()
    }
}
