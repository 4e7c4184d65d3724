/// Splits a `.ucheck` source into tokens; `//` starts a comment that runs to the end of the line.
public struct Lexer {
    /// Multi-character symbols, longest first so `==` wins over `=`.
    static let symbols = ["=>", "==", "!=", "<=", ">=", "+=", "-=", "..", "{", "}", "(", ")", "[", "]",
                          "<", ">", ",", ":", ";", ".", "=", "+", "-", "*"]

    let file: String
    let scalars: [Character]

    public init(file: String, source: String) {
        self.file = file
        self.scalars = Array(source)
    }

    public func tokens() throws(SpecError) -> [Token] {
        var result: [Token] = []
        var index = 0
        var line = 1
        var column = 1
        func advance(_ n: Int) {
            for _ in 0..<n {
                if scalars[index] == "\n" { line += 1; column = 1 } else { column += 1 }
                index += 1
            }
        }
        while index < scalars.count {
            let ch = scalars[index]
            let location = SourceLocation(file: file, line: line, column: column)
            if ch.isWhitespace { advance(1); continue }
            if ch == "/", index + 1 < scalars.count, scalars[index + 1] == "/" {
                while index < scalars.count, scalars[index] != "\n" { advance(1) }
                continue
            }
            if ch.isLetter || ch == "_" {
                var end = index
                while end < scalars.count, scalars[end].isLetter || scalars[end].isNumber || scalars[end] == "_" { end += 1 }
                result.append(Token(kind: .identifier, text: String(scalars[index..<end]), location: location))
                advance(end - index)
                continue
            }
            if ch.isASCII, ch.isNumber {
                var end = index
                while end < scalars.count, scalars[end].isASCII, scalars[end].isNumber { end += 1 }
                result.append(Token(kind: .integer, text: String(scalars[index..<end]), location: location))
                advance(end - index)
                continue
            }
            if ch == "\"" {
                var end = index + 1
                var escaped = false
                while end < scalars.count, escaped || scalars[end] != "\"", scalars[end] != "\n" {
                    escaped = !escaped && scalars[end] == "\\"
                    end += 1
                }
                guard end < scalars.count, scalars[end] == "\"" else {
                    throw SpecError([Diagnostic(.syntax, at: location, "unterminated string literal",
                                                text: String(scalars[index..<min(end, scalars.count)]),
                                                hint: "close the string with \" on the same line")])
                }
                result.append(Token(kind: .string, text: String(scalars[index...end]), location: location))
                advance(end + 1 - index)
                continue
            }
            if let symbol = Lexer.symbols.first(where: { matches($0, at: index) }) {
                result.append(Token(kind: .symbol, text: symbol, location: location))
                advance(symbol.count)
                continue
            }
            throw SpecError([Diagnostic(.syntax, at: location, "unexpected character '\(ch)'", text: String(ch),
                                        hint: "remove it; comments start with //")])
        }
        result.append(Token(kind: .end, text: "<end of file>",
                            location: SourceLocation(file: file, line: line, column: column)))
        return result
    }

    private func matches(_ symbol: String, at index: Int) -> Bool {
        var i = index
        for ch in symbol {
            guard i < scalars.count, scalars[i] == ch else { return false }
            i += 1
        }
        return true
    }
}
