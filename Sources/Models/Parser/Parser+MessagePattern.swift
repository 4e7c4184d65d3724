/// Parsing of debugger message patterns (`ucdbg`'s `break`, `tbreak` and `watch`).
extension Parser {
    /// Parses all of `source` as one message pattern.
    public static func parseMessagePattern(file: String, source: String) throws(SpecError) -> MessagePatternSyntax {
        var parser = try Parser(file: file, source: source)
        let pattern = try parser.parseMessagePattern()
        guard parser.current.kind == .end else {
            throw parser.error("the end of the pattern", hint: "a pattern is `[send|recv] [reply] SERVICE.METHOD [where COND] [at SERVICE] [request \"ID\"]`")
        }
        return pattern
    }

    mutating func parseMessagePattern() throws(SpecError) -> MessagePatternSyntax {
        var isSend: Bool?
        if accept(keyword: "send") { isSend = true } else if accept(keyword: "recv") { isSend = false }
        let isReply = accept(keyword: "reply")
        let message = try parseMessageRef()
        var pattern = MessagePatternSyntax(isSend: isSend, isReply: isReply, message: message)
        if accept(keyword: "where") { pattern.condition = try parseExpression() }
        if accept(keyword: "at") {
            pattern.atLocation = current.location
            pattern.at = try identifier("a service name", hint: "write `at SERVICE`").text
        }
        if isKeyword("request") {
            _ = advance()
            pattern.traceLocation = current.location
            pattern.trace = try stringLiteral("a trace id in quotes", hint: "write `request \"4bf92f3577b34da6a3ce929d0e0e4736\"`").stringValue
        }
        return pattern
    }
}
