import Models

/// Compiles the text of `break`, `tbreak` and `watch` into the `MessagePattern` the switches
/// match. With a spec, `MessagePatternCompiler` checks it in full. Without one, the message and
/// `at` service are checked against the switches' catalogue, and `where` is refused: its fields
/// and types come from the spec.
public struct BreakpointCompiler: Sendable {
    /// The file name diagnostics carry.
    public static let sourceName = "breakpoint"
    public let catalogue: Catalogue

    public init(catalogue: Catalogue) { self.catalogue = catalogue }

    /// The pattern and the app it belongs to.
    public func compile(_ text: String) throws(SpecError) -> (app: String, pattern: MessagePattern) {
        if let spec = catalogue.spec {
            return (spec.app, try MessagePatternCompiler.compile(text, in: spec, file: Self.sourceName))
        }
        let syntax = try Parser.parseMessagePattern(file: Self.sourceName, source: text)
        if let condition = syntax.condition {
            throw error(.unknownField, at: Self.start(of: condition), "a `where` condition needs the spec", text: condition.description,
                        hint: "start ucdbg with --spec FILE.ucheck to use the message's fields")
        }
        let ref = syntax.message
        guard let service = catalogue.service(ref.service) else {
            throw error(.unknownService, at: ref.location, "unknown service '\(ref.service)'", text: ref.service,
                        hint: known(catalogue.serviceNames))
        }
        guard service.methods.contains(ref.method) else {
            throw error(.unknownMethod, at: ref.methodLocation, "service '\(service.name)' has no method '\(ref.method)'", text: ref.method,
                        hint: known(service.methods))
        }
        let kind: MessageKind = syntax.isReply ? .response : .request
        var direction: CompiledSpec.Direction?
        if let at = syntax.at, let location = syntax.atLocation {
            guard catalogue.service(at) != nil else {
                throw error(.unknownService, at: location, "unknown service '\(at)'", text: at, hint: known(catalogue.serviceNames))
            }
            direction = (syntax.isSend ?? (kind == .request ? at != service.name : at == service.name)) ? .send : .recv
        }
        if let trace = syntax.trace, let location = syntax.traceLocation,
           trace.count != 32 || !trace.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            throw error(.typeMismatch, at: location, "'\(trace)' is not a trace id", text: trace,
                        hint: "a trace id is the 32 lowercase hex digits of a W3C traceparent")
        }
        return (service.app, MessagePattern(message: MessageID(service: service.name, method: ref.method, kind: kind), direction: direction,
                                            at: syntax.at, when: .always, trace: syntax.trace))
    }

    /// Where an expression's text begins (a binary expression's own location is its operator).
    private static func start(of expression: ExprSyntax) -> SourceLocation {
        switch expression {
        case .binary(_, let left, _, _), .member(let left, _, _, _), .range(let left, _, _, _), .startsWith(let left, _, _),
             .index(let left, _, _):
            return start(of: left)
        default:
            return expression.location
        }
    }

    private func error(_ code: Diagnostic.Code, at location: SourceLocation, _ message: String, text: String, hint: String) -> SpecError {
        SpecError([Diagnostic(code, at: location, message, text: text, hint: hint)])
    }

    private func known(_ names: [String]) -> String {
        names.isEmpty ? "the switches announced none" : "known: " + names.joined(separator: ", ")
    }

    /// Diagnostics as ucdbg prints them: `breakpoint:1:4: error: …`, the pattern, a caret under
    /// the column, and the hint.
    public static func render(_ error: SpecError, pattern: String) -> String {
        let lines = pattern.split(separator: "\n", omittingEmptySubsequences: false)
        return error.diagnostics.map { diagnostic in
            let line = diagnostic.line - 1 < lines.count ? String(lines[diagnostic.line - 1]) : pattern
            let caret = String(repeating: " ", count: max(0, diagnostic.column - 1)) + "^"
            return "\(diagnostic.location): error: \(diagnostic.message)\n  \(line)\n  \(caret)\n  hint: \(diagnostic.hint)"
        }.joined(separator: "\n")
    }
}
