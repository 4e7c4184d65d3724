/// One effect of a rule: a message sent or replied (global postcondition) or a state update
/// (local postcondition).
public enum ActionSyntax: Sendable, Hashable {
    case send(MessageRefSyntax, [ArgumentSyntax], SourceLocation)
    case reply([ArgumentSyntax], SourceLocation)
    /// `s.add(e)` / `s.remove(e)` on a set, `m.remove(k)` on a map.
    case collection(target: String, operation: String, ExprSyntax, SourceLocation)
    /// `m[k] = e`.
    case put(target: String, key: ExprSyntax, value: ExprSyntax, SourceLocation)
    /// `x = e`, `x += e`, `x -= e` on a scalar state variable.
    case assign(target: String, operation: String, ExprSyntax, SourceLocation)

    public var location: SourceLocation {
        switch self {
        case .send(_, _, let l), .reply(_, let l), .collection(_, _, _, let l), .put(_, _, _, let l),
             .assign(_, _, _, let l):
            return l
        }
    }
}
