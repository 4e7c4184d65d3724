/// Why a stream direction ended.
@frozen
public enum StreamCloseReason: Sendable, Equatable {
    /// FIN seen and every byte before it delivered.
    case finished
    /// An RST the receiver accepts (its sequence number is exactly the next expected) ended the
    /// connection: both directions close.
    case reset
    /// No packet for longer than the window's idle timeout.
    case idle
    /// The flow was evicted to make room for a new one (flow table full).
    case evicted
    /// A reassembly limit was hit; the stream can no longer be followed.
    case limitExceeded(WindowLimit)
    /// The traffic could make the receiver's stream differ from the consumer's.
    case anomaly(StreamAnomaly)
    /// The consumer's `.drop` verdict killed the connection.
    case killed
}
