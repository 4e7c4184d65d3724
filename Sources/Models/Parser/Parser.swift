/// Recursive-descent parser for `.ucheck` files (grammar in docs/spec-language.md).
/// Stops at the first syntax error: later errors are usually consequences of it.
public struct Parser {
    var tokens: [Token]
    var position = 0
    let file: String

    public init(file: String, source: String) throws(SpecError) {
        self.file = file
        self.tokens = try Lexer(file: file, source: source).tokens()
    }

    public static func parse(file: String, source: String) throws(SpecError) -> SpecSyntax {
        var parser = try Parser(file: file, source: source)
        return try parser.parseSpec()
    }

    // MARK: Token helpers

    var current: Token { tokens[position] }

    mutating func advance() -> Token {
        let token = tokens[position]
        if position < tokens.count - 1 { position += 1 }
        return token
    }

    func isKeyword(_ word: String) -> Bool { current.kind == .identifier && current.text == word }
    func isSymbol(_ symbol: String) -> Bool { current.kind == .symbol && current.text == symbol }

    mutating func accept(keyword word: String) -> Bool {
        guard isKeyword(word) else { return false }
        _ = advance()
        return true
    }

    mutating func accept(symbol: String) -> Bool {
        guard isSymbol(symbol) else { return false }
        _ = advance()
        return true
    }

    func error(_ expected: String, hint: String) -> SpecError {
        SpecError([Diagnostic(.syntax, at: current.location, "expected \(expected), found '\(current.text)'",
                              text: current.text, hint: hint)])
    }

    mutating func expect(keyword word: String, hint: String) throws(SpecError) {
        guard accept(keyword: word) else { throw error("'\(word)'", hint: hint) }
    }

    mutating func expect(symbol: String, hint: String) throws(SpecError) {
        guard accept(symbol: symbol) else { throw error("'\(symbol)'", hint: hint) }
    }

    mutating func identifier(_ what: String, hint: String) throws(SpecError) -> Token {
        guard current.kind == .identifier else { throw error(what, hint: hint) }
        return advance()
    }

    mutating func stringLiteral(_ what: String, hint: String) throws(SpecError) -> Token {
        guard current.kind == .string else { throw error(what, hint: hint) }
        return advance()
    }

    mutating func dottedName(_ what: String, hint: String) throws(SpecError) -> [String] {
        var parts = [try identifier(what, hint: hint).text]
        while accept(symbol: ".") { parts.append(try identifier(what, hint: hint).text) }
        return parts
    }

    // MARK: Declarations

    mutating func parseSpec() throws(SpecError) -> SpecSyntax {
        try expect(keyword: "app", hint: "a spec starts with `app NAME`")
        let app = try identifier("an application name", hint: "write `app NAME`").text
        var spec = SpecSyntax(file: file, app: app, imports: [], sorts: [], services: [], routes: [], commands: [],
                              refinements: [], models: [], invariants: [])
        while current.kind != .end {
            let start = current.location
            if accept(keyword: "import") {
                let path = try stringLiteral("a quoted schema path", hint: "write `import \"schema.proto\"`")
                spec.imports.append(NamedSyntax(name: path.stringValue, location: path.location))
            } else if accept(keyword: "sort") {
                repeat {
                    let name = try identifier("a sort name", hint: "write `sort User, Key`")
                    spec.sorts.append(NamedSyntax(name: name.text, location: name.location))
                } while accept(symbol: ",")
            } else if accept(keyword: "service") {
                spec.services.append(try parseService(start))
            } else if accept(keyword: "route") {
                spec.routes.append(try parseRoute(start))
            } else if accept(keyword: "command") {
                spec.commands.append(try parseCommand(start))
            } else if accept(keyword: "refine") {
                let message = try dottedName("a message name", hint: "write `refine pkg.Message { field: Sort }`")
                spec.refinements.append(RefineDeclSyntax(message: message, fields: try parseFieldBlock(), location: start))
            } else if accept(keyword: "model") {
                spec.models.append(try parseModel(start))
            } else if accept(keyword: "invariant") {
                spec.invariants.append(try parseInvariant(start))
            } else {
                throw error("a declaration", hint: "declarations are import, sort, service, route, command, refine, model, invariant")
            }
        }
        return spec
    }

    mutating func parseService(_ start: SourceLocation) throws(SpecError) -> ServiceDeclSyntax {
        let name = try identifier("a service name", hint: "write `service NAME grpc at \"host:port\" schema pkg.Service`")
        let proto = try identifier("a protocol (grpc, thrift, http or redis)", hint: "protocols are grpc, thrift, http and redis")
        try expect(keyword: "at", hint: "give the service's address: `at \"10.0.0.1:50051\"`")
        let address = try stringLiteral("a quoted \"host:port\"", hint: "write `at \"10.0.0.1:50051\"`")
        var schema: [String]?
        var external = false
        while true {
            if accept(keyword: "schema") {
                schema = try dottedName("a schema service name", hint: "write `schema pkg.Service` as in the .proto")
            } else if accept(keyword: "external") {
                external = true
            } else { break }
        }
        return ServiceDeclSyntax(name: name.text, proto: proto.text, address: address.stringValue, schema: schema,
                                 external: external, location: start)
    }

    mutating func parseRoute(_ start: SourceLocation) throws(SpecError) -> RouteDeclSyntax {
        let service = try identifier("a service name", hint: "write `route SERVICE.NAME POST \"/path\" { ... }`")
        try expect(symbol: ".", hint: "write `route SERVICE.NAME POST \"/path\" { ... }`")
        let name = try identifier("a route name", hint: "name the route: `route frontend.login POST \"/login\" { ... }`")
        let verb = try identifier("an HTTP method", hint: "write GET, POST, PUT, PATCH or DELETE")
        let path = try stringLiteral("a quoted path", hint: "write the path in quotes, e.g. \"/msg/{id}\"")
        let fields = try parseFieldBlock()
        var response: [FieldDeclSyntax] = []
        if accept(keyword: "returns") { response = try parseFieldBlock() }
        return RouteDeclSyntax(service: service.text, name: name.text, verb: verb.text, path: path.stringValue,
                               fields: fields, responseFields: response, location: start)
    }

    mutating func parseCommand(_ start: SourceLocation) throws(SpecError) -> CommandDeclSyntax {
        let service = try identifier("a service name", hint: "write `command SERVICE.NAME { key: Key }`")
        try expect(symbol: ".", hint: "write `command SERVICE.NAME { key: Key }`")
        let nameLocation = current.location
        let name = try identifier("a command name", hint: "name the Redis command as Redis does: `command cache.SET { key: Key, value: string }`")
        let arguments = try parseFieldBlock()
        var response: [FieldDeclSyntax] = []
        if accept(keyword: "returns") { response = try parseFieldBlock() }
        return CommandDeclSyntax(service: service.text, name: name.text, arguments: arguments, responseFields: response,
                                 location: start, nameLocation: nameLocation)
    }

    mutating func parseFieldBlock() throws(SpecError) -> [FieldDeclSyntax] {
        try expect(symbol: "{", hint: "list fields in braces: `{ form.user: User }`")
        var fields: [FieldDeclSyntax] = []
        while !accept(symbol: "}") {
            let location = current.location
            let path = try dottedName("a field path", hint: "write `path: type`, e.g. `form.user: User`")
            try expect(symbol: ":", hint: "write `path: type`")
            fields.append(FieldDeclSyntax(path: path, type: try parseType(), location: location))
            _ = accept(symbol: ",")
        }
        return fields
    }

    mutating func parseType() throws(SpecError) -> TypeSyntax {
        let name = try identifier("a type", hint: "types are int, bool, string, a sort, set<T>, map<K, V>")
        var arguments: [TypeSyntax] = []
        if accept(symbol: "<") {
            repeat { arguments.append(try parseType()) } while accept(symbol: ",")
            try expect(symbol: ">", hint: "close the type arguments with >")
        }
        return TypeSyntax(name: name.text, arguments: arguments, location: name.location)
    }

    mutating func parseModel(_ start: SourceLocation) throws(SpecError) -> ModelSyntax {
        let service = try identifier("a service name", hint: "write `model SERVICE { ... }`")
        try expect(symbol: "{", hint: "a model's states and rules go in braces")
        var model = ModelSyntax(service: service.text, states: [], rules: [], location: start)
        while !accept(symbol: "}") {
            let location = current.location
            if accept(keyword: "state") {
                let name = try identifier("a state name", hint: "write `state NAME: TYPE`")
                try expect(symbol: ":", hint: "write `state NAME: TYPE`")
                model.states.append(StateDeclSyntax(name: name.text, type: try parseType(), location: name.location))
            } else if accept(keyword: "rule") {
                model.rules.append(try parseRule(location))
            } else {
                throw error("'state', 'rule' or '}'", hint: "a model holds `state` declarations and `rule`s")
            }
        }
        return model
    }

    mutating func parseMessageRef() throws(SpecError) -> MessageRefSyntax {
        let service = try identifier("SERVICE.METHOD", hint: "name a message as service.Method, e.g. kv.Insert")
        try expect(symbol: ".", hint: "name a message as service.Method, e.g. kv.Insert")
        let methodLocation = current.location
        let method = try identifier("a method name", hint: "name a message as service.Method, e.g. kv.Insert")
        return MessageRefSyntax(service: service.text, method: method.text, location: service.location,
                                methodLocation: methodLocation)
    }

    mutating func parseRule(_ start: SourceLocation) throws(SpecError) -> RuleSyntax {
        let name = try identifier("a rule name", hint: "write `rule NAME: recv SERVICE.METHOD as m => ...`")
        try expect(symbol: ":", hint: "write `rule NAME: recv ...`")
        try expect(keyword: "recv", hint: "a rule starts with the message it receives: `recv kv.Get as m`")
        let isReply = accept(keyword: "reply")
        let trigger = try parseMessageRef()
        try expect(keyword: "as", hint: "bind the received message: `recv kv.Get as m`")
        let binder = try identifier("a name for the received message", hint: "write `as m`")
        var condition: ExprSyntax?
        if accept(keyword: "when") { condition = try parseExpression() }
        try expect(symbol: "=>", hint: "separate the rule's condition from its effects with =>")
        var actions: [ActionSyntax] = []
        if !accept(keyword: "skip") {
            repeat { actions.append(try parseAction()) } while accept(symbol: ";")
        }
        return RuleSyntax(name: name.text, isReplyTrigger: isReply, trigger: trigger, binder: binder.text,
                          condition: condition, actions: actions, location: start)
    }

    mutating func parseArguments() throws(SpecError) -> [ArgumentSyntax] {
        try expect(symbol: "(", hint: "give field values in parentheses: `(key: m.key)`")
        var arguments: [ArgumentSyntax] = []
        while !accept(symbol: ")") {
            let location = current.location
            let path = try dottedName("a field name", hint: "write `field: value`")
            try expect(symbol: ":", hint: "write `field: value`")
            arguments.append(ArgumentSyntax(path: path, value: try parseExpression(), location: location))
            if !isSymbol(")") { try expect(symbol: ",", hint: "separate fields with commas") }
        }
        return arguments
    }

    mutating func parseAction() throws(SpecError) -> ActionSyntax {
        let location = current.location
        if accept(keyword: "send") {
            let message = try parseMessageRef()
            return .send(message, try parseArguments(), location)
        }
        if accept(keyword: "reply") { return .reply(try parseArguments(), location) }
        let target = try identifier("an effect", hint: "effects are send, reply, s.add(x), s.remove(x), m[k] = v, x = e, x += e")
        if accept(symbol: ".") {
            let operation = try identifier("add or remove", hint: "collections support .add(x) and .remove(x)")
            try expect(symbol: "(", hint: "write `\(target.text).\(operation.text)(value)`")
            let argument = try parseExpression()
            try expect(symbol: ")", hint: "close the call with )")
            return .collection(target: target.text, operation: operation.text, argument, location)
        }
        if accept(symbol: "[") {
            let key = try parseExpression()
            try expect(symbol: "]", hint: "close the key with ]")
            try expect(symbol: "=", hint: "write `map[key] = value`")
            return .put(target: target.text, key: key, value: try parseExpression(), location)
        }
        for operation in ["=", "+=", "-="] where accept(symbol: operation) {
            return .assign(target: target.text, operation: operation, try parseExpression(), location)
        }
        throw error("an effect", hint: "effects are send, reply, s.add(x), s.remove(x), m[k] = v, x = e, x += e")
    }

    mutating func parseInvariant(_ start: SourceLocation) throws(SpecError) -> InvariantSyntax {
        let name = try identifier("an invariant name", hint: "write `invariant NAME: never ...`")
        var perRequest = false
        if accept(keyword: "per") {
            try expect(keyword: "request", hint: "write `invariant NAME per request: ...`")
            perRequest = true
        }
        try expect(symbol: ":", hint: "write `invariant NAME: never ...`")
        var binders: [BinderSyntax] = []
        if accept(keyword: "forall") {
            repeat {
                let variable = try identifier("a variable", hint: "write `forall u: User.`")
                try expect(symbol: ":", hint: "give the variable a sort: `forall u: User.`")
                binders.append(BinderSyntax(name: variable.text, type: try parseType(), location: variable.location))
            } while accept(symbol: ",")
            try expect(symbol: ".", hint: "end the forall binders with a dot: `forall u: User. never ...`")
        }
        try expect(keyword: "never", hint: "invariants say what must never happen: `never recv kv.Delete at kv`")
        var never = [try parseEvent()]
        while accept(keyword: "or") { never.append(try parseEvent()) }
        var earlier: [EventSyntax] = []
        if accept(keyword: "unless") {
            try expect(keyword: "earlier", hint: "write `unless earlier recv ...`")
            earlier.append(try parseEvent())
            while accept(keyword: "or") { earlier.append(try parseEvent()) }
        }
        return InvariantSyntax(name: name.text, perRequest: perRequest, binders: binders, never: never, unlessEarlier: earlier,
                               location: start)
    }

    mutating func parseEvent() throws(SpecError) -> EventSyntax {
        let location = current.location
        let isSend: Bool
        if accept(keyword: "send") { isSend = true }
        else if accept(keyword: "recv") { isSend = false }
        else { throw error("'send' or 'recv'", hint: "an event is `send|recv [reply] SERVICE.METHOD [where COND] at SERVICE`") }
        let isReply = accept(keyword: "reply")
        let message = try parseMessageRef()
        var condition: ExprSyntax?
        if accept(keyword: "where") { condition = try parseExpression() }
        try expect(keyword: "at", hint: "say at which service the event happens: `at kv`")
        let at = try identifier("a service name", hint: "write `at SERVICE`")
        return EventSyntax(isSend: isSend, isReply: isReply, message: message, condition: condition, at: at.text,
                           atLocation: at.location, location: location)
    }
}
