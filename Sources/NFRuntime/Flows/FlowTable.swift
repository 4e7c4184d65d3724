/// A fixed-capacity hash table from connection keys to per-flow state, for tables attackers fill.
///
/// Open addressing with linear probing over a power-of-two slot array at most half full, so a
/// lookup probes few slots; deletion shifts entries back (no tombstones). The hash is keyed
/// with a random per-table secret, so an attacker who does not know it cannot aim keys at one
/// probe run. Storage is allocated once; at `capacity` entries `insert` evicts (see there).
/// Values are stored in place and reached by index (`value(at:)`); an index is valid until the
/// next insert or removal.
public final class FlowTable<Value> {
    public let capacity: Int
    @usableFromInline let mask: Int
    @usableFromInline let keys: UnsafeMutablePointer<FlowKey>
    @usableFromInline let values: UnsafeMutablePointer<Value>
    @usableFromInline let used: UnsafeMutablePointer<Bool>
    @usableFromInline let secret: (UInt64, UInt64, UInt64)
    /// Entries in the table.
    @usableFromInline var _count = 0
    /// Counts inserts and removals: an index from `find` stays valid while this is unchanged.
    @usableFromInline var _generation: UInt64 = 0
    public var generation: UInt64 { _generation }
    public var count: Int { _count }

    public init(capacity: Int) {
        precondition(capacity > 0)
        self.capacity = capacity
        var slots = 2
        while slots < 2 * capacity { slots <<= 1 }
        mask = slots - 1
        keys = .allocate(capacity: slots)
        values = .allocate(capacity: slots)
        used = .allocate(capacity: slots)
        used.initialize(repeating: false, count: slots)
        var g = SystemRandomNumberGenerator()
        secret = (g.next() | 1, g.next() | 1, g.next() | 1)
    }

    deinit {
        for i in 0...mask where used[i] { (values + i).deinitialize(count: 1) }
        keys.deallocate()
        values.deallocate()
        used.deallocate()
    }

    /// Slot count (twice the capacity, rounded up to a power of two).
    public var slotCount: Int { mask + 1 }

    @inlinable
    func home(_ key: FlowKey) -> Int {
        @inline(__always) func fold(_ a: UInt64, _ b: UInt64) -> UInt64 {
            let p = a.multipliedFullWidth(by: b)
            return p.high ^ p.low
        }
        let ports = UInt64(key.sourcePort) << 48 | UInt64(key.destinationPort) << 32 | UInt64(key.protocolNumber)
        let s = fold(UInt64(truncatingIfNeeded: key.source) ^ secret.0, UInt64(truncatingIfNeeded: key.source >> 64) ^ secret.1)
        let d = fold(UInt64(truncatingIfNeeded: key.destination) ^ secret.1, UInt64(truncatingIfNeeded: key.destination >> 64) ^ secret.2)
        return Int(truncatingIfNeeded: fold(s ^ ports, d ^ secret.0)) & mask
    }

    /// The index of `key`'s entry, or nil.
    @inlinable
    public func find(_ key: FlowKey) -> Int? {
        var i = home(key)
        while used[i] {
            if keys[i] == key { return i }
            i = (i &+ 1) & mask
        }
        return nil
    }

    /// Adds `key` with `value`; `key` must not be present. When the table holds `capacity`
    /// entries, first removes a victim: of the first `scan` entries from `key`'s home slot, the
    /// one `isOlder` ranks oldest, handed to `evicted` before it goes. Returns the new index.
    @inlinable
    public func insert(_ key: FlowKey, _ value: Value, scan: Int,
                       isOlder: (borrowing Value, borrowing Value) -> Bool, evicted: (FlowKey, inout Value) -> Void) -> Int {
        if count >= capacity {
            var victim = -1
            var i = home(key), seen = 0, probed = 0
            while seen < max(1, scan), probed <= mask {
                if used[i] {
                    if victim < 0 || isOlder(values[i], values[victim]) { victim = i }
                    seen &+= 1
                }
                i = (i &+ 1) & mask
                probed &+= 1
            }
            evicted(keys[victim], &values[victim])
            remove(at: victim)
        }
        var i = home(key)
        while used[i] { i = (i &+ 1) & mask }
        keys[i] = key
        (values + i).initialize(to: value)
        used[i] = true
        _count &+= 1
        _generation &+= 1
        return i
    }

    /// The value at `index` (from `find` or `insert`).
    @inlinable
    public func value(at index: Int) -> UnsafeMutablePointer<Value> { values + index }

    /// Removes the entry at `index`, shifting later entries of its probe run back.
    @inlinable
    public func remove(at index: Int) {
        (values + index).deinitialize(count: 1)
        used[index] = false
        _count &-= 1
        _generation &+= 1
        var hole = index
        var i = (index &+ 1) & mask
        while used[i] {
            let h = home(keys[i])
            // Move entry i into the hole unless its home lies cyclically in (hole, i].
            let distanceToI = (i &- h) & mask, distanceToHole = (hole &- h) & mask
            if distanceToHole < distanceToI {
                keys[hole] = keys[i]
                (values + hole).moveInitialize(from: values + i, count: 1)
                used[hole] = true
                used[i] = false
                hole = i
            }
            i = (i &+ 1) & mask
        }
    }

    /// Visits every entry; `body` returns whether to keep it (false removes it). An entry
    /// shifted back over the visit position by a removal may be skipped this time.
    @inlinable
    public func forEach(keepingIf body: (FlowKey, inout Value) -> Bool) {
        _ = sweep(from: 0, slots: mask &+ 1, keepingIf: body)
    }

    /// Visits the entries in `slots` slots from slot `start` (wrapping around), as `forEach`
    /// does; returns the slot to continue from. Spreads a sweep over many calls.
    @inlinable
    public func sweep(from start: Int, slots: Int, keepingIf body: (FlowKey, inout Value) -> Bool) -> Int {
        var i = start & mask, left = slots
        while left > 0 {
            if used[i], !body(keys[i], &values[i]) {
                remove(at: i)
                if used[i] { continue } // a later entry moved into slot i: visit it too
            }
            i = (i &+ 1) & mask
            left &-= 1
        }
        return i
    }
}
