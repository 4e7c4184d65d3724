import Foundation

/// Turns a command line into a `Command`.
public enum CommandParser {
    public static func parse(_ line: String) -> Result<Command, CommandError> {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if trimmed.isEmpty || trimmed.hasPrefix("#") { return .success(.nothing) }
        let word = String(trimmed.prefix { !$0.isWhitespace })
        let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
        let arguments = rest.split(whereSeparator: \.isWhitespace).map(String.init)
        let entry: CommandTable.Entry
        switch CommandTable.lookup(word) {
        case .success(let found): entry = found
        case .failure(let error): return .failure(error)
        }
        switch entry.name {
        case "break", "tbreak", "watch":
            guard !rest.isEmpty else { return .failure(CommandError("Argument required (a message pattern): \(entry.usage).")) }
            let kind: Breakpoint.Kind = entry.name == "break" ? .breakpoint : entry.name == "tbreak" ? .temporary : .watchpoint
            return .success(.setBreakpoint(kind, pattern: rest))
        case "delete":
            var numbers: [Int] = []
            for argument in arguments {
                guard let number = Int(argument), number > 0 else { return .failure(CommandError("Args must be breakpoint numbers: \"\(argument)\".")) }
                numbers.append(number)
            }
            return .success(.delete(numbers))
        case "info":
            guard let topicWord = arguments.first else {
                return .failure(CommandError("\"info\" must be followed by the name of an info command: breakpoints, requests, switches."))
            }
            let topics = Command.InfoTopic.allCases.filter { $0.rawValue.hasPrefix(topicWord) }
            guard topics.count == 1 else {
                return .failure(CommandError("Undefined info command: \"\(topicWord)\".  Try \"help info\"."))
            }
            return .success(.info(topics[0]))
        case "continue": return noArguments(.continue, arguments, entry)
        case "step": return noArguments(.step, arguments, entry)
        case "backtrace": return noArguments(.backtrace, arguments, entry)
        case "drop": return noArguments(.drop, arguments, entry)
        case "quit": return noArguments(.quit, arguments, entry)
        case "print":
            guard arguments.count <= 1 else { return .failure(CommandError("Usage: \(entry.usage)")) }
            return .success(.print(field: arguments.first))
        case "request":
            guard arguments.count == 1, let number = Int(arguments[0]), number > 0 else { return .failure(CommandError("Usage: \(entry.usage)")) }
            return .success(.selectRequest(number))
        case "set":
            guard arguments.count == 2, "timeout".hasPrefix(arguments[0]), let seconds = Double(arguments[1]), seconds > 0 else {
                return .failure(CommandError("Usage: \(entry.usage)"))
            }
            return .success(.setTimeout(seconds))
        case "help":
            return .success(.help(arguments.first))
        default:
            return .failure(CommandError("Undefined command: \"\(word)\".  Try \"help\"."))
        }
    }

    private static func noArguments(_ command: Command, _ arguments: [String], _ entry: CommandTable.Entry) -> Result<Command, CommandError> {
        arguments.isEmpty ? .success(command) : .failure(CommandError("\"\(entry.name)\" takes no arguments: \(entry.usage)"))
    }
}
