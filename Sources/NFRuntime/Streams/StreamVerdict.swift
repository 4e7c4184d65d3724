/// What happens to the packet that completed a range of stream bytes.
@frozen
public enum StreamVerdict: Sendable {
    /// Send it on.
    case forward
    /// Keep it until released (debugger breakpoints); later data of its direction is dropped
    /// undelivered while it is held, retransmissions of its bytes included.
    case hold
    /// Drop it and kill the connection: a violation. The receiver never gets the bytes whole;
    /// later packets of the connection are dropped and resets are requested for both endpoints.
    case drop
}
