/// Turns a debugger's message pattern (text in the spec's event syntax) into a `MessagePattern`
/// over the fields of one message type of `spec`, with the same name resolution, type checking
/// and `file:line:col` diagnostics as the spec itself (`file` names the pattern's source, e.g.
/// `breakpoint`).
public enum MessagePatternCompiler {
    public static func compile(_ source: String, in spec: CheckedSpec, file: String = "pattern") throws(SpecError) -> MessagePattern {
        let syntax = try Parser.parseMessagePattern(file: file, source: source)
        var checker = TypeChecker(resuming: spec)
        guard let pattern = checker.checkPattern(syntax), checker.diagnostics.isEmpty else { throw SpecError(checker.diagnostics) }
        return pattern
    }
}

extension TypeChecker {
    /// A checker that knows `spec`'s services and literals, for checking patterns against it.
    init(resuming spec: CheckedSpec) {
        self.init(syntax: SpecSyntax(file: spec.file, app: spec.app, imports: [], sorts: [], services: [], routes: [], commands: [],
                                     refinements: [], models: [], invariants: []),
                  schema: Schema())
        services = spec.services
        literals = spec.literals
        prefixes = spec.prefixes
    }

    mutating func checkPattern(_ pattern: MessagePatternSyntax) -> MessagePattern? {
        guard let (service, method) = resolve(pattern.message) else { return nil }
        let kind: MessageKind = pattern.isReply ? .response : .request
        var direction: CompiledSpec.Direction?
        if let at = pattern.at, let location = pattern.atLocation {
            let isSend = pattern.isSend ?? (kind == .request ? at != service.name : at == service.name)
            guard checkPlace(at, at: location, isSend: isSend, kind: kind, of: service, method) else { return nil }
            direction = isSend ? .send : .recv
        }
        if let trace = pattern.trace, let location = pattern.traceLocation,
           trace.count != 32 || !trace.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            report(.typeMismatch, at: location, "'\(trace)' is not a trace id", text: trace,
                   hint: "a trace id is the 32 lowercase hex digits of a W3C traceparent")
            return nil
        }
        // A debugger names values by what they look like on the wire: a sort's values are strings here.
        let leaves = Dictionary(method.leaves(kind).map { leaf -> (String, ValueType) in
            if case .sort = leaf.type { return (leaf.path, .string) }
            return (leaf.path, leaf.type)
        }) { a, _ in a }
        var when = PredicateNode.always
        if let condition = pattern.condition {
            let scope = ExpressionScope(binder: nil, leaves: leaves, opaquePaths: method.opaquePaths, states: [:], bound: [:], allowsAny: false)
            var anyTypes: [ValueType] = []
            guard let (checked, type) = check(condition, scope, anyTypes: &anyTypes) else { return nil }
            guard type == .bool else { _ = mismatch(condition, condition.location, expected: .bool, found: type); return nil }
            var extended = CheckedSpec(app: syntax.app, file: syntax.file, services: services, states: [], rules: [], invariants: [],
                                       literals: literals)
            extended.prefixes = prefixes
            guard let node = PredicateBuilder(spec: extended, leafTypes: leaves, boundTypes: []).build(checked) else {
                report(.typeMismatch, at: condition.location, "the condition cannot be checked on one message", text: condition.description,
                       hint: "use only the message's fields and constants")
                return nil
            }
            when = node
        }
        return MessagePattern(message: MessageID(service: service.name, method: method.name, kind: kind), direction: direction,
                              at: pattern.at, when: when, trace: pattern.trace)
    }
}
