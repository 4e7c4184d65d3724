@preconcurrency import CLibEdit
#if canImport(Glibc)
import Glibc
#endif

/// The interactive prompt on libedit's readline callback interface: the main loop polls stdin
/// with the switches' events and feeds characters in, so that an event can be printed above the
/// line being edited without disturbing it. Also history (kept in a file across sessions) and
/// tab completion through a `Completer`. libedit's state is global, so there is one editor.
final class LineEditor {
    /// What one character of input completed.
    enum Input {
        case line(String)
        case endOfFile
    }

    /// History entries kept in the file.
    static let historyLimit: Int32 = 1000

    private let prompt: String
    private let historyFile: String
    private(set) var isActive = false

    nonisolated(unsafe) private static var completer: Completer?
    nonisolated(unsafe) private static var matches: [String] = []
    nonisolated(unsafe) private static var matchIndex = 0
    nonisolated(unsafe) private static var received: Input?

    init(prompt: String, historyFile: String, completer: Completer) {
        self.prompt = prompt
        self.historyFile = historyFile
        LineEditor.completer = completer
        rl_readline_name = UnsafePointer(strdup("ucdbg"))
        rl_attempted_completion_function = { text, start, _ in
            rl_attempted_completion_over = 1
            guard let text, let completer = LineEditor.completer else { return nil }
            let line = rl_line_buffer.map { String(cString: $0) } ?? ""
            let before = String(decoding: line.utf8.prefix(Int(start)), as: UTF8.self)
            LineEditor.matches = completer.candidates(before: before, word: String(cString: text))
            return rl_completion_matches(text) { _, state in
                if state == 0 { LineEditor.matchIndex = 0 }
                guard LineEditor.matchIndex < LineEditor.matches.count else { return nil }
                LineEditor.matchIndex += 1
                return strdup(LineEditor.matches[LineEditor.matchIndex - 1])
            }
        }
        stifle_history(Self.historyLimit)
        _ = read_history(historyFile)
    }

    /// Shows the prompt and takes keys (terminal in editing mode).
    func activate() {
        guard !isActive else { return }
        rl_callback_handler_install(prompt) { line in
            if let line {
                LineEditor.received = .line(String(cString: line))
                free(line)
            } else {
                LineEditor.received = .endOfFile
            }
        }
        isActive = true
    }

    /// Leaves the prompt (terminal back to normal, so Ctrl-C raises SIGINT while a command runs).
    func deactivate() {
        guard isActive else { return }
        rl_callback_handler_remove()
        isActive = false
    }

    /// Feeds one character from stdin; the line when it completed one.
    func readCharacter() -> Input? {
        LineEditor.received = nil
        rl_callback_read_char()
        return LineEditor.received
    }

    /// Prints `text` on its own lines above the prompt, then redraws the prompt and the line being edited.
    func printAbove(_ text: String) {
        StandardStream.output.write("\r\u{1B}[K" + text + "\n")
        rl_forced_update_display()
    }

    /// Ctrl-C at the prompt: abandon the line and show a fresh prompt, as gdb does.
    func abandonLine() {
        deactivate()
        StandardStream.output.write("\nQuit\n")
        activate()
    }

    func remember(_ line: String) {
        _ = add_history(line)
    }

    func saveHistory() {
        _ = write_history(historyFile)
    }
}
