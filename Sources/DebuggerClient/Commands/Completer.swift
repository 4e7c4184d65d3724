import Models

/// Tab completion: commands first, then `info` topics and `help` subjects, and in patterns the
/// `service.Method` names, the keywords, the services after `at`, and after `where` the fields
/// of the message being matched (from the spec).
public struct Completer: Sendable {
    public let catalogue: Catalogue

    public init(catalogue: Catalogue) { self.catalogue = catalogue }

    /// The candidates for `word`, the word being typed, after `before`, the line up to that word.
    public func candidates(before: String, word: String) -> [String] {
        let previous = before.split(whereSeparator: \.isWhitespace).map(String.init)
        guard let first = previous.first else {
            return CommandTable.entries.map(\.name).filter { $0.hasPrefix(word) }
        }
        guard case .success(let entry) = CommandTable.lookup(first) else { return [] }
        let options: [String]
        switch entry.name {
        case "info": options = previous.count == 1 ? Command.InfoTopic.allCases.map(\.rawValue) : []
        case "help": options = previous.count == 1 ? CommandTable.entries.map(\.name) : []
        case "set": options = previous.count == 1 ? ["timeout"] : []
        case "break", "tbreak", "watch": options = patternCandidates(Array(previous.dropFirst()))
        default: options = []
        }
        return options.filter { $0.hasPrefix(word) }
    }

    private func patternCandidates(_ words: [String]) -> [String] {
        let isReply = words.contains("reply")
        let message = words.first { $0.contains(".") && !["where", "at", "request"].contains($0) }
        guard let message else {
            var keywords: [String] = []
            if words.isEmpty { keywords = ["send", "recv"] }
            if !isReply { keywords.append("reply") }
            return catalogue.messageNames + keywords
        }
        if words.last == "at" { return catalogue.serviceNames }
        if words.last == "request" { return [] }
        let afterMessage = ["where", "at", "request"].filter { !words.contains($0) }
        guard let whereIndex = words.firstIndex(of: "where"), !words.contains("at"), !words.contains("request") else { return afterMessage }
        let parts = message.split(separator: ".", maxSplits: 1).map(String.init)
        let fields = parts.count == 2 ? catalogue.fieldPaths(service: parts[0], method: parts[1], kind: isReply ? .response : .request) : []
        return whereIndex == words.count - 1 ? fields : fields + ["and", "or", "not"] + afterMessage
    }
}
