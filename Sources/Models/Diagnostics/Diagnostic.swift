/// One problem found in a spec: where, what, the offending text and a hint saying what to do.
public struct Diagnostic: Sendable, Hashable, CustomStringConvertible, Codable {
    /// Which check produced the diagnostic; tests and tools match on it.
    public enum Code: String, Sendable, Codable, CaseIterable {
        case syntax, unknownName, duplicateName, unknownService, unknownMethod, unknownField
        case unknownType, typeMismatch, unusedState, unreachableRule, badBinding, badSchema
        case badReply, badAssignment, wrongService
    }

    public var code: Code
    public var file: String
    public var line: Int
    public var column: Int
    public var message: String
    /// The source text the diagnostic points at.
    public var offendingText: String
    public var hint: String

    public init(_ code: Code, at location: SourceLocation, _ message: String, text: String, hint: String) {
        self.code = code
        self.file = location.file
        self.line = location.line
        self.column = location.column
        self.message = message
        self.offendingText = text
        self.hint = hint
    }

    public var location: SourceLocation { SourceLocation(file: file, line: line, column: column) }

    public var description: String {
        "\(location): error: \(message)\n    \(offendingText)\n    hint: \(hint)"
    }
}
