/// A dictionary of objects that keeps the entry found or inserted last beside it, so that a run
/// of lookups of one key costs a comparison each instead of hashing the key (Swift's seeded
/// SipHash) and probing. For tables whose lookups come in runs: a gRPC call's frames on its
/// stream, a connection's segments.
public struct RecentEntryMap<Key: Hashable, Value: AnyObject> {
    @usableFromInline var entries: [Key: Value] = [:]
    @usableFromInline var recent: (key: Key, value: Value)?

    public init() {}

    public var count: Int { entries.count }
    public var keys: Dictionary<Key, Value>.Keys { entries.keys }
    public var values: Dictionary<Key, Value>.Values { entries.values }

    /// The value stored for `key`, or nil.
    @inlinable
    public mutating func value(for key: Key) -> Value? {
        if let recent, recent.key == key { return recent.value }
        guard let found = entries[key] else { return nil }
        recent = (key, found)
        return found
    }

    /// Stores `value` for `key`, replacing any value it had.
    @inlinable
    public mutating func insert(_ value: Value, for key: Key) {
        entries[key] = value
        recent = (key, value)
    }

    /// Removes `key`'s value; returns it, or nil if there was none.
    @inlinable @discardableResult
    public mutating func remove(_ key: Key) -> Value? {
        if let recent, recent.key == key { self.recent = nil }
        return entries.removeValue(forKey: key)
    }
}
