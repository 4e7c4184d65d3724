/// One lexical token of a `.ucheck` file with its location and exact source text.
public struct Token: Sendable, Hashable {
    /// Token classes; keywords are identifiers the parser matches by text.
    public enum Kind: Sendable, Hashable {
        case identifier, integer, string, symbol, end
    }

    public var kind: Kind
    public var text: String
    public var location: SourceLocation

    /// The value of a string literal without its quotes and escapes.
    public var stringValue: String { kind == .string ? Token.unquote(text) : text }

    static func unquote(_ text: String) -> String {
        var out = ""
        var escaped = false
        for ch in text.dropFirst().dropLast() {
            if escaped { out.append(ch == "n" ? "\n" : ch); escaped = false }
            else if ch == "\\" { escaped = true }
            else { out.append(ch) }
        }
        return out
    }
}
