/// A debugger's message pattern as written: an event whose `send`/`recv` and `at` are optional,
/// plus an optional request id.
public struct MessagePatternSyntax: Sendable, Hashable {
    /// nil when neither `send` nor `recv` was written.
    public var isSend: Bool?
    public var isReply: Bool
    public var message: MessageRefSyntax
    public var condition: ExprSyntax?
    public var at: String?
    public var atLocation: SourceLocation?
    public var trace: String?
    public var traceLocation: SourceLocation?
}
