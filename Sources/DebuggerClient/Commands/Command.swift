/// One parsed ucdbg command line.
public enum Command: Sendable, Equatable {
    /// What `info` shows.
    public enum InfoTopic: String, Sendable, CaseIterable {
        case breakpoints, requests, switches
    }

    case setBreakpoint(Breakpoint.Kind, pattern: String)
    /// Empty: all.
    case delete([Int])
    case info(InfoTopic)
    case `continue`
    case step
    case print(field: String?)
    case backtrace
    case drop
    case selectRequest(Int)
    case setTimeout(Double)
    case help(String?)
    case quit
    /// A blank line or a comment.
    case nothing
}
