/// A concrete global state of an application's models: service state, the messages ever sent
/// on each channel (projected on the relevant leaves, in layout order), and the monitor's record
/// of bound-value tuples for which an `unless earlier` event happened.
public struct ModelState: Sendable, Hashable {
    public var scalars: [String: Value] = [:]
    public var sets: [String: Set<Value>] = [:]
    public var maps: [String: [Value: Value]] = [:]
    public var network: [Channel: Set<[Value]>] = [:]
    public var monitor: Set<[Value]> = []
}
