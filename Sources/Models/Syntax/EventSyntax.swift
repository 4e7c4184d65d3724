/// `send|recv [reply] SVC.METHOD [where COND] at SERVICE`: a set of message events in an invariant.
public struct EventSyntax: Sendable, Hashable {
    public var isSend: Bool
    public var isReply: Bool
    public var message: MessageRefSyntax
    public var condition: ExprSyntax?
    public var at: String
    public var atLocation: SourceLocation
    public var location: SourceLocation
}
