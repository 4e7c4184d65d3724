/// The HPACK dynamic table of one direction (RFC 7541 §2.3.2, §4): newest entry first, evicted
/// oldest-first to stay within the size the encoder set. The entries' names and values lie end to
/// end in one byte buffer: inserting copies the literal's bytes (allocating only as the buffer
/// grows) and reading an entry holds no reference per field. Evicted bytes are dropped from the
/// buffer's front once they outnumber the live ones, so it stays under twice the table's size
/// (plus `compactionSlack`).
struct HPACKDynamicTable {
    /// One entry: where its name starts in `bytes`, then its name's and value's lengths.
    private struct Entry {
        var start: Int
        var nameCount: Int
        var valueCount: Int
    }

    private var bytes: [UInt8] = []
    /// Entries oldest first from `head`; the newest is last.
    private var entries: [Entry] = []
    private var head = 0
    /// Sum of entry sizes (name + value + 32 octets each, §4.1).
    private(set) var size = 0
    /// The size the encoder last set (or the initial 4096).
    private(set) var maxSize: Int
    /// Evicted bytes at the buffer's front are kept until they pass this or the live bytes.
    static let compactionSlack = 4096

    init(maxSize: Int) { self.maxSize = maxSize }

    var count: Int { entries.count - head }

    /// `body` applied to entry `index` (1 = newest) read in place: its name then its value, and
    /// the name's length; nil if there is no such entry.
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R? {
        guard index >= 1, index <= count else { return nil }
        let entry = entries[entries.count - index]
        return bytes.withUnsafeBufferPointer { bytes in
            body(UnsafeBufferPointer(rebasing: bytes[entry.start..<(entry.start + entry.nameCount + entry.valueCount)]), entry.nameCount)
        }
    }

    static func entrySize(nameCount: Int, valueCount: Int) -> Int { nameCount + valueCount + 32 }

    /// Adds an entry whose name is `field[..<nameCount]` and value the rest, evicting as needed;
    /// an entry larger than the table empties it (§4.4).
    mutating func insert(_ field: [UInt8], nameCount: Int) {
        let entrySize = Self.entrySize(nameCount: nameCount, valueCount: field.count - nameCount)
        evict(toFit: maxSize - entrySize)
        guard entrySize <= maxSize else { return }
        entries.append(Entry(start: bytes.count, nameCount: nameCount, valueCount: field.count - nameCount))
        bytes.append(contentsOf: field)
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
            size -= Self.entrySize(nameCount: old.nameCount, valueCount: old.valueCount)
            head += 1
        }
        if head == entries.count {
            entries.removeAll(keepingCapacity: true)
            bytes.removeAll(keepingCapacity: true)
            head = 0
            return
        }
        let dead = entries[head].start
        guard dead > max(bytes.count - dead, Self.compactionSlack) || (head > 64 && head > entries.count / 2) else { return }
        bytes.removeSubrange(0..<dead)
        entries.removeSubrange(0..<head)
        for i in entries.indices { entries[i].start -= dead }
        head = 0
    }
}
