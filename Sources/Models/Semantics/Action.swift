/// A resolved effect of a rule, applied in order; every expression reads the state as it was
/// before the rule fired.
public enum Action: Sendable, Hashable {
    /// A request to another service; fields not given are arbitrary.
    case send(MessageID, [String: Expr])
    /// The response to the triggering request; `request.*` leaves copy the request.
    case reply(MessageID, [String: Expr])
    case setAdd(String, Expr)
    case setRemove(String, Expr)
    case mapPut(String, Expr, Expr)
    case mapRemove(String, Expr)
    case assign(String, Expr)

    /// Messages the action sends, if any.
    public var sentMessage: (MessageID, [String: Expr])? {
        switch self {
        case .send(let id, let fields), .reply(let id, let fields): return (id, fields)
        default: return nil
        }
    }
}
