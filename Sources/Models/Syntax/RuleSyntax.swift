/// `rule NAME: recv [reply] SVC.METHOD as VAR [when COND] => ACTION; ...`, the thesis's 4-tuple:
/// the trigger and the message conjuncts of COND are the global precondition, the conjuncts that
/// read state the local precondition, state updates the local postcondition, sends/replies the
/// global postcondition.
public struct RuleSyntax: Sendable, Hashable {
    public var name: String
    public var isReplyTrigger: Bool
    public var trigger: MessageRefSyntax
    public var binder: String
    public var condition: ExprSyntax?
    public var actions: [ActionSyntax]
    public var location: SourceLocation
}
