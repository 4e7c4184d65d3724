/// Expression grammar, lowest precedence first: or, and, not, comparison/membership/prefix, +/-, unary, postfix.
extension Parser {
    mutating func parseExpression() throws(SpecError) -> ExprSyntax {
        var left = try parseAnd()
        while isKeyword("or") {
            let location = advance().location
            left = .binary("or", left, try parseAnd(), location)
        }
        return left
    }

    mutating func parseAnd() throws(SpecError) -> ExprSyntax {
        var left = try parseNot()
        while isKeyword("and") {
            let location = advance().location
            left = .binary("and", left, try parseNot(), location)
        }
        return left
    }

    mutating func parseNot() throws(SpecError) -> ExprSyntax {
        if isKeyword("not") {
            let location = advance().location
            return .unary("not", try parseNot(), location)
        }
        return try parseComparison()
    }

    mutating func parseComparison() throws(SpecError) -> ExprSyntax {
        let left = try parseAdditive()
        for op in ["==", "!=", "<=", ">=", "<", ">"] where isSymbol(op) {
            let location = advance().location
            return .binary(op, left, try parseAdditive(), location)
        }
        if isKeyword("starts"), position + 1 < tokens.count, tokens[position + 1].text == "with" {
            let location = advance().location
            _ = advance()
            guard current.kind == .string else {
                throw error("a string literal", hint: "a prefix test is `field starts with \"prefix\"`")
            }
            return .startsWith(left, advance().stringValue, location)
        }
        var negated = false
        if isKeyword("not"), position + 1 < tokens.count, tokens[position + 1].text == "in" {
            _ = advance()
            negated = true
        }
        if isKeyword("in") {
            let location = advance().location
            if !negated, current.kind == .integer, position + 1 < tokens.count, tokens[position + 1].text == ".." {
                let low = Int(advance().text) ?? 0
                _ = advance()
                guard current.kind == .integer else { throw error("an integer", hint: "a range is `low..high`") }
                return .range(left, low, Int(advance().text) ?? 0, location)
            }
            return .member(left, try parseAdditive(), negated: negated, location)
        }
        if negated { throw error("'in'", hint: "write `x not in s`") }
        return left
    }

    mutating func parseAdditive() throws(SpecError) -> ExprSyntax {
        var left = try parseUnary()
        while isSymbol("+") || isSymbol("-") {
            let token = advance()
            left = .binary(token.text, left, try parseUnary(), token.location)
        }
        return left
    }

    mutating func parseUnary() throws(SpecError) -> ExprSyntax {
        if isSymbol("-") {
            let location = advance().location
            return .unary("-", try parseUnary(), location)
        }
        var expression = try parsePrimary()
        while isSymbol("[") {
            let location = advance().location
            let key = try parseExpression()
            try expect(symbol: "]", hint: "close the key with ]")
            expression = .index(expression, key, location)
        }
        return expression
    }

    mutating func parsePrimary() throws(SpecError) -> ExprSyntax {
        let token = current
        switch token.kind {
        case .integer:
            _ = advance()
            guard let value = Int(token.text) else { throw error("an integer that fits in 64 bits", hint: "use a smaller constant") }
            return .integer(value, token.location)
        case .string:
            _ = advance()
            return .string(token.stringValue, token.location)
        case .identifier:
            if token.text == "true" || token.text == "false" {
                _ = advance()
                return .boolean(token.text == "true", token.location)
            }
            if token.text == "any" {
                _ = advance()
                return .any(try parseType(), token.location)
            }
            return .path(try dottedName("a name", hint: "refer to fields as m.field and to state by name"), token.location)
        case .symbol where token.text == "(":
            _ = advance()
            let inner = try parseExpression()
            try expect(symbol: ")", hint: "close the parenthesis")
            return inner
        default:
            throw error("an expression", hint: "expressions are fields (m.user), state names, literals, any T, and operators")
        }
    }
}
