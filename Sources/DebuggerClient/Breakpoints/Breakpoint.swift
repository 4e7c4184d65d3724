import ControlAPI
import Models

/// A breakpoint, temporary breakpoint or watchpoint of this ucdbg session, set on every switch
/// under the same number.
public struct Breakpoint: Sendable, Hashable {
    /// How `info breakpoints` names the three kinds.
    public enum Kind: String, Sendable {
        case breakpoint, temporary, watchpoint
    }

    public var number: Int
    public var kind: Kind
    public var text: String
    public var app: String
    public var pattern: MessagePattern

    public init(number: Int, kind: Kind, text: String, app: String, pattern: MessagePattern) {
        self.number = number
        self.kind = kind
        self.text = text
        self.app = app
        self.pattern = pattern
    }

    /// The breakpoint as a switch's `break` request carries it.
    public var definition: BreakpointDefinition {
        BreakpointDefinition(number: number, text: text, action: kind == .watchpoint ? .notify : .hold, temporary: kind == .temporary,
                             app: app, pattern: pattern)
    }

    /// What gdb prints when the breakpoint is hit: `Breakpoint 1`, `Temporary breakpoint 2`, `Watchpoint 3`.
    public var title: String {
        switch kind {
        case .breakpoint: return "Breakpoint \(number)"
        case .temporary: return "Temporary breakpoint \(number)"
        case .watchpoint: return "Watchpoint \(number)"
        }
    }
}
