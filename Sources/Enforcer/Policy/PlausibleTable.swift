import Models

/// The plausible-message entries of one message type, of every service that may send (or
/// receive) it, in one flat array so the packet path reads them where they lie: the entries of the
/// service at position `owner` are `entries[ranges[owner]]`.
struct PlausibleTable: Sendable {
    let entries: [MessageChecks.Plausible]
    let ranges: [Range<Int>]
    /// The fast path: per owner, the peers for which the message is plausible whatever its fields.
    /// An owner without entries may send or receive a response (it answers, or gets the answer
    /// to, a call its model made), never a request.
    let unconditional: [UInt64]

    /// The table of `byOwner[owner]`'s entries, for a message of `kind`.
    init(_ byOwner: [[MessageChecks.Plausible]], kind: Models.MessageKind) {
        entries = byOwner.flatMap { $0 }
        var start = 0
        ranges = byOwner.map { owned in
            defer { start += owned.count }
            return start..<(start + owned.count)
        }
        unconditional = byOwner.map { owned in
            if owned.isEmpty { return kind == .request ? 0 : ~0 }
            return owned.reduce(0) { mask, entry in entry.when.isAlways ? mask | entry.peers : mask }
        }
    }
}
