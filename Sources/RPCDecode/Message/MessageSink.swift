/// Receives the messages a decoder completes, in stream order.
///
/// A concrete type used as a generic parameter: decoders call it statically. `message.payload`
/// is valid only during the call.
public protocol MessageSink {
    mutating func receive(_ message: borrowing RPCMessage)
}

/// A sink that keeps an owned copy of every message (tests, `ucheck decode`, the debugger).
public struct CollectingSink: MessageSink {
    public private(set) var records: [MessageRecord] = []

    public init() {}

    public mutating func receive(_ message: borrowing RPCMessage) {
        records.append(MessageRecord(message))
    }
}
