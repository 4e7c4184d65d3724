import Models

/// A breakpoint (`hold`) or watchpoint (`notify`) as a client sets it on a switch.
public struct BreakpointDefinition: Sendable, Hashable, Codable {
    public enum Action: String, Sendable, Codable { case hold, notify }

    /// Chosen by the client, the same on every switch of its session.
    public var number: Int
    /// The pattern as the user wrote it.
    public var text: String
    public var action: Action
    /// Deleted at its first hit (`tbreak`).
    public var temporary: Bool
    public var app: String
    public var pattern: MessagePattern
    /// Hits so far (in `breakpoints` replies).
    public var hits: Int?

    public init(number: Int, text: String, action: Action, temporary: Bool, app: String, pattern: MessagePattern, hits: Int? = nil) {
        self.number = number
        self.text = text
        self.action = action
        self.temporary = temporary
        self.app = app
        self.pattern = pattern
        self.hits = hits
    }
}
