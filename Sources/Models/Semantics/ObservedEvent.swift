/// A message event of one step (the reception, or a send) with its leaf values, generic over
/// the value representation (Z3 terms in the verifier, concrete values in the interpreter).
struct ObservedEvent<V> {
    var isSend: Bool
    var message: MessageID
    var at: String
    var fields: [String: V]
    /// The received message came from the network (so plain `never recv` was checked at its send).
    var viaChannel: Bool
    /// For sends: the service the message goes to.
    var destination: String? = nil

    func matches(_ pattern: EventPattern) -> Bool {
        pattern.isSend == isSend && pattern.message == message && pattern.at == at
    }

    /// Whether `pattern` of a `never` clause must be checked on this event. Plain invariants check
    /// `never recv` when the message is sent (any sent message may be received later), and on
    /// receipt only for messages from external clients.
    func triggers(_ pattern: EventPattern, sequence: Bool) -> Bool {
        if sequence || pattern.isSend { return matches(pattern) }
        if !isSend { return matches(pattern) && !viaChannel }
        return pattern.message == message && pattern.at == destination
    }
}
