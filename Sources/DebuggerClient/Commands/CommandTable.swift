/// The commands ucdbg knows: their names, gdb's short aliases, and help. A command may also be
/// written as any unambiguous prefix of its name, as in gdb (`cont`, `del`, `back`).
public enum CommandTable {
    /// One command's name, aliases, usage and help text.
    public struct Entry: Sendable {
        public var name: String
        public var aliases: [String]
        public var usage: String
        public var help: String
    }

    public static let entries: [Entry] = [
        Entry(name: "break", aliases: ["b", "br"], usage: "break PATTERN",
              help: "Hold every message matching PATTERN on all switches:\n  [send|recv] [reply] SERVICE.METHOD [where COND] [at SERVICE] [request \"TRACE-ID\"]"),
        Entry(name: "tbreak", aliases: ["tb"], usage: "tbreak PATTERN", help: "Like break, but the breakpoint is deleted at its first hit."),
        Entry(name: "watch", aliases: ["wa"], usage: "watch PATTERN", help: "Report every message matching PATTERN without holding it."),
        Entry(name: "delete", aliases: ["d"], usage: "delete [N…]", help: "Delete breakpoints N…, or all of them."),
        Entry(name: "info", aliases: ["i"], usage: "info breakpoints|requests|switches",
              help: "info breakpoints: the breakpoints and their hits on all switches.\ninfo requests: held messages (numbered for `request N`), requests being stepped, recent requests.\ninfo switches: the attached switches."),
        Entry(name: "continue", aliases: ["c", "cont"], usage: "continue",
              help: "Release the current stop and wait for the next one (Ctrl-C returns to the prompt)."),
        Entry(name: "step", aliases: ["s"], usage: "step",
              help: "Release the current stop and hold the next message of the same request, on any switch."),
        Entry(name: "print", aliases: ["p", "inspect"], usage: "print [FIELD]", help: "Show the current stop's message, or one of its fields."),
        Entry(name: "backtrace", aliases: ["bt", "where"], usage: "backtrace",
              help: "The current request's messages so far, from all switches, as a message sequence chart."),
        Entry(name: "drop", aliases: [], usage: "drop", help: "Drop the held message: its connection is reset at both ends."),
        Entry(name: "request", aliases: [], usage: "request N", help: "Make held message N of `info requests` the current stop."),
        Entry(name: "set", aliases: [], usage: "set timeout SECONDS",
              help: "How long continue and step wait for a stop in batch mode (default 30)."),
        Entry(name: "help", aliases: ["h"], usage: "help [COMMAND]", help: "List the commands, or explain one."),
        Entry(name: "quit", aliases: ["q", "exit"], usage: "quit",
              help: "Leave ucdbg. The switches release this session's held messages when it closes."),
    ]

    /// The entry `word` names: by name, alias or unambiguous prefix.
    public static func lookup(_ word: String) -> Result<Entry, CommandError> {
        if let exact = entries.first(where: { $0.name == word || $0.aliases.contains(word) }) { return .success(exact) }
        let matches = entries.filter { $0.name.hasPrefix(word) }
        if matches.count == 1 { return .success(matches[0]) }
        if matches.isEmpty { return .failure(CommandError("Undefined command: \"\(word)\".  Try \"help\".")) }
        return .failure(CommandError("Ambiguous command \"\(word)\": \(matches.map(\.name).joined(separator: ", "))."))
    }

    /// `help` without argument.
    public static var summary: String {
        let width = entries.map(\.usage.count).max() ?? 0
        return (["List of commands:", ""] + entries.map { entry in
            let aliases = entry.aliases.isEmpty ? "" : " (\(entry.aliases.joined(separator: ", ")))"
            return "\(entry.usage.padding(toLength: width, withPad: " ", startingAt: 0))  \(entry.help.split(separator: "\n")[0])\(aliases)"
        } + ["", "Type \"help\" followed by a command name for more."]).joined(separator: "\n")
    }
}
