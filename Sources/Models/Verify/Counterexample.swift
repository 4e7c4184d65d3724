/// An execution of the models that violates an invariant: numbered steps, each one message
/// received (sender → receiver, with the relevant field values), the rule it fired and the
/// messages that rule sent. The last step performs the forbidden event.
public struct Counterexample: Sendable, Hashable, Codable {
    /// A message sent by a step, with its relevant field values.
    public struct Sent: Sendable, Hashable, Codable {
        public var to: String
        public var message: MessageID
        public var fields: [String: Value]
    }

    /// One step: a message received and the rule that fired on it.
    public struct Step: Sendable, Hashable, Codable {
        public var number: Int
        public var sender: String
        public var receiver: String
        public var message: MessageID
        public var fields: [String: Value]
        /// The rule that fired; nil when the message arrived and no rule reacted.
        public var rule: String?
        /// Values the rule's `any T` expressions took.
        public var anyValues: [Value]
        public var sent: [Sent]
    }

    public var steps: [Step]

    /// The numbered message sequence, one received message per line and the sends under it.
    public func render(_ spec: CheckedSpec) -> String {
        func show(_ id: MessageID, _ fields: [String: Value]) -> String {
            let leaves = spec.method(id)?.leaves(id.kind) ?? []
            let text = fields.keys.sorted().map { path in
                let type = leaves.first { $0.path == path }?.type ?? .int
                return "\(path)=\(spec.render(fields[path]!, as: type))"
            }
            return "\(id.service).\(id.method) \(id.kind.rawValue) {\(text.joined(separator: ", "))}"
        }
        var lines: [String] = []
        for step in steps {
            lines.append("  \(step.number). \(step.sender) → \(step.receiver): \(show(step.message, step.fields))  \(step.rule.map { "[rule \(step.receiver).\($0)]" } ?? "[no rule fires]")")
            for message in step.sent {
                lines.append("       \(step.receiver) → \(message.to): \(show(message.message, message.fields))")
            }
        }
        return lines.joined(separator: "\n")
    }
}
