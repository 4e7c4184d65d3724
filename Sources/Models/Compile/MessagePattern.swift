/// The messages one debugger breakpoint or watchpoint picks: requests or responses of one method,
/// optionally only where a given service sends or receives them, whose fields satisfy `when`, and
/// optionally of one external request (trace id). Written in the spec's event syntax
/// (`[send|recv] [reply] SERVICE.METHOD [where COND] [at SERVICE] [request "TRACE-ID"]`) and made
/// by `MessagePatternCompiler`; the enforcer evaluates `when` like a restriction's.
public struct MessagePattern: Sendable, Hashable, Codable {
    public var message: MessageID
    /// With `at`: whether `at` sends or receives the message; nil matches it on either side.
    public var direction: CompiledSpec.Direction?
    public var at: String?
    public var when: PredicateNode
    /// 32 lowercase hex digits: only messages of this request.
    public var trace: String?

    public init(message: MessageID, direction: CompiledSpec.Direction? = nil, at: String? = nil, when: PredicateNode = .always,
                trace: String? = nil) {
        self.message = message
        self.direction = direction
        self.at = at
        self.when = when
        self.trace = trace
    }
}
