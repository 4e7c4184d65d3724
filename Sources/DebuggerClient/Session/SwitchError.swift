/// Why talking to a switch failed; `description` is the one line ucdbg prints.
public enum SwitchError: Error, Sendable, CustomStringConvertible {
    case unreachable(SwitchAddress, String)
    case refused(String, String)
    case closed(String, String)
    case noReply(String, String, Double)
    case protocolViolation(String)

    public var description: String {
        switch self {
        case .unreachable(let address, let why): return "cannot connect to \(address): \(why)"
        case .refused(let name, let why): return "\(name) refused: \(why)"
        case .closed(let name, let why): return "\(name): connection closed (\(why))"
        case .noReply(let name, let op, let seconds): return "\(name): no reply to \(op) within \(Int(seconds)) s"
        case .protocolViolation(let why): return "protocol error: \(why)"
        }
    }
}
