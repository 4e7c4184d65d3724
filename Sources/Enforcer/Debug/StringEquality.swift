import Models
import RPCDecode

/// One conjunct of a breakpoint's condition that compares a string field with a constant
/// (`key == "post/1"`). The probe tests these before the condition itself, on the bytes the
/// enforcer's checks already read or in place in the message, so a message a breakpoint does not
/// want usually costs one byte comparison and allocates nothing. A class, so that testing it
/// copies nothing.
final class StringEquality: Sendable {
    let expected: [UInt8]
    /// The field's slot in the checks' field table of the breakpoint's message type, when they read it.
    let checkedSlot: Int?
    /// How to read the field when the checks do not.
    let reader: FieldReader

    init(expected: [UInt8], checkedSlot: Int?, reader: FieldReader) {
        self.expected = expected
        self.checkedSlot = checkedSlot
        self.reader = reader
    }

    /// The string equalities among the top-level conjuncts of `node`, and whether they are all of it.
    static func conjuncts(of node: PredicateNode) -> (equalities: [(path: String, expected: [UInt8])], exhaustive: Bool) {
        let parts = node.op == .and ? node.args ?? [] : node.op == .true ? [] : [node]
        let equalities = parts.compactMap { part -> (path: String, expected: [UInt8])? in
            guard part.op == .eq, let args = part.args, args.count == 2 else { return nil }
            for (field, constant) in [(args[0], args[1]), (args[1], args[0])] where field.op == .field && constant.op == .const {
                switch field.type {
                case .string?, .sort?:
                    guard let path = field.path, let text = constant.string else { return nil }
                    return (path, Array(text.utf8))
                default:
                    return nil
                }
            }
            return nil
        }
        return (equalities, equalities.count == parts.count)
    }

    /// Whether the field holds the expected string, read from `checkedFields` (the values the
    /// checks read, when they are of the policy the breakpoint was prepared against); nil when the
    /// checks do not read it.
    @inline(__always)
    func holds(checkedFields: [CheckValue?]) -> Bool? {
        guard let checkedSlot else { return nil }
        guard case .bytes(let value)? = checkedFields[checkedSlot] else { return false }
        return value == expected
    }

    /// Whether the field holds the expected string, read in place from `message`; nil when its
    /// reader does not read in place (the condition decides).
    func holds(in message: borrowing RPCMessage, limits: DecodeLimits) -> Bool? {
        guard let bytes = FieldTable.stringInPlace(reader, in: message, limits: limits) else { return nil }
        return bytes.elementsEqual(expected)
    }
}
