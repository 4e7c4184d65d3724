/// The HPACK dynamic table of one direction (RFC 7541 §2.3.2, §4): newest entry first,
/// evicted oldest-first to stay within the size the encoder set.
struct HPACKDynamicTable {
    /// Entries oldest first from `head`; the newest is last.
    private var entries: [HPACKEntry] = []
    private var head = 0
    /// Sum of entry sizes (name + value + 32 octets each, §4.1).
    private(set) var size = 0
    /// The size the encoder last set (or the initial 4096).
    private(set) var maxSize: Int

    init(maxSize: Int) { self.maxSize = maxSize }

    var count: Int { entries.count - head }

    /// `body` applied to the name and value of entry `index` (1 = newest), read in place; nil
    /// if there is no such entry.
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R? {
        guard index >= 1, index <= count else { return nil }
        return entries.withUnsafeBufferPointer { $0[$0.count - index].withBytes(body) }
    }

    static func entrySize(nameCount: Int, valueCount: Int) -> Int { nameCount + valueCount + 32 }

    /// Adds an entry, evicting as needed; an entry larger than the table empties it (§4.4).
    mutating func insert(name: [UInt8], value: [UInt8]) {
        let entrySize = Self.entrySize(nameCount: name.count, valueCount: value.count)
        evict(toFit: maxSize - entrySize)
        guard entrySize <= maxSize else { return }
        entries.append(HPACKEntry(name: name, value: value))
        size += entrySize
    }

    /// A dynamic table size update (§6.3).
    mutating func resize(to newMax: Int) {
        maxSize = newMax
        evict(toFit: newMax)
    }

    private mutating func evict(toFit limit: Int) {
        while size > max(limit, 0), head < entries.count {
            let old = entries[head]
            size -= Self.entrySize(nameCount: old.name.count, valueCount: old.value.count)
            entries[head] = HPACKEntry(name: [], value: [])
            head += 1
        }
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            head = 0
        } else if head > 64 && head > entries.count / 2 {
            entries.removeSubrange(0..<head)
            head = 0
        }
    }
}
