/// A command ucdbg could not carry out; `message` is the line it prints.
public struct CommandError: Error, Sendable, Equatable {
    public var message: String
    public init(_ message: String) { self.message = message }
}
