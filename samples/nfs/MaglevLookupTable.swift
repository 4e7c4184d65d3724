import NFRuntime

/// Maglev's consistent-hashing lookup table (Eisenbud et al., NSDI 2016, §3.4): `size` entries,
/// each naming the backend slot that packets hashing there go to.
///
/// Each live backend gets a preference list, the permutation `(offset + j·skip) mod size` with
/// `offset = h1(name) mod size` and `skip = h2(name) mod (size − 1) + 1`; since `size` is prime,
/// every skip generates all entries. Backends then take turns claiming their next preferred free
/// entry until the table is full, so shares differ by at most one entry (balance), and removing
/// a backend mostly frees only its own entries (little disruption; the paper's Fig. 12).
///
/// Slots are the balancer's stable backend numbers: a backend keeps its slot while the set
/// changes, so a flow cached with a slot still names the same server in later tables.
/// Immutable once built: readers on any core share it without synchronisation. Building is
/// O(size · log size) expected; a cold-path operation.
public final class MaglevLookupTable: @unchecked Sendable {
    /// The paper's small table size (a prime): keep `size` above 100 × backends for shares
    /// within about 1%.
    public static let smallSize = 65_537
    /// The slot value of a table with no live backend.
    @inlinable public static var noBackend: UInt16 { .max }

    public let size: Int
    /// Backends by slot; nil marks a slot whose backend is not live.
    public let backends: [MaglevBackend?]
    @usableFromInline let entries: UnsafeMutablePointer<UInt16>
    @usableFromInline let addresses: UnsafeMutablePointer<MACAddress>
    @usableFromInline let live: UnsafeMutablePointer<Bool>
    @usableFromInline let divisor: UInt32

    /// Builds the table for the live backends in `backends` (indexed by slot).
    public init(backends: [MaglevBackend?], size: Int = MaglevLookupTable.smallSize) {
        precondition(size > 2 && size <= Int(UInt32.max) && MaglevLookupTable.isPrime(size),
                     "Maglev table size \(size) must be a prime (every skip must generate the whole table)")
        precondition(backends.count < Int(MaglevLookupTable.noBackend), "too many backend slots")
        self.size = size
        self.backends = backends
        divisor = UInt32(size)
        entries = .allocate(capacity: size)
        entries.initialize(repeating: MaglevLookupTable.noBackend, count: size)
        let slotCount = max(1, backends.count)
        addresses = .allocate(capacity: slotCount)
        addresses.initialize(repeating: MACAddress(raw: 0), count: slotCount)
        live = .allocate(capacity: slotCount)
        live.initialize(repeating: false, count: slotCount)
        for (slot, backend) in backends.enumerated() {
            guard let backend else { continue }
            addresses[slot] = backend.address
            live[slot] = true
        }
        populate()
    }

    deinit {
        entries.deallocate()
        addresses.deallocate()
        live.deallocate()
    }

    /// The paper's `Populate` (§3.4, Pseudocode 1), with preference lists computed on the fly.
    private func populate() {
        let members = backends.enumerated().compactMap { slot, b in b.map { (slot: UInt16(slot), name: $0.name) } }
        guard !members.isEmpty else { return }
        let m = UInt64(size)
        let offsets = members.map { MaglevLookupTable.nameHash1($0.name) % m }
        let skips = members.map { MaglevLookupTable.nameHash2($0.name) % (m - 1) + 1 }
        var next = [UInt64](repeating: 0, count: members.count)
        var filled = 0
        while true {
            for i in members.indices {
                var c = Int((offsets[i] &+ next[i] &* skips[i]) % m)
                while entries[c] != MaglevLookupTable.noBackend {
                    next[i] += 1
                    c = Int((offsets[i] &+ next[i] &* skips[i]) % m)
                }
                entries[c] = members[i].slot
                next[i] += 1
                filled += 1
                if filled == size { return }
            }
        }
    }

    /// The slot that packets of flow hash `hash` go to, or `noBackend`.
    @inlinable
    public func slot(forHash hash: UInt32) -> UInt16 { entries[Int(hash % divisor)] }

    /// Whether `slot` is a live backend in this table.
    @inlinable
    public func isLive(_ slot: UInt16) -> Bool { Int(slot) < backends.count && live[Int(slot)] }

    /// Entries held by each slot (0 for slots not live).
    public func entryCounts() -> [Int] {
        var counts = [Int](repeating: 0, count: backends.count)
        for i in 0..<size where entries[i] != MaglevLookupTable.noBackend { counts[Int(entries[i])] += 1 }
        return counts
    }

    /// Fraction of entries whose slot differs between `self` and `other` (same size).
    public func disruption(comparedTo other: MaglevLookupTable) -> Double {
        precondition(size == other.size)
        var changed = 0
        for i in 0..<size where entries[i] != other.entries[i] { changed += 1 }
        return Double(changed) / Double(size)
    }

    /// `h1`: 64-bit FNV-1a of the name's UTF-8 bytes. Deterministic across processes and
    /// machines, as Maglev needs and Swift's seeded `Hasher` is not.
    static func nameHash1(_ name: String) -> UInt64 {
        fnv1a(name, basis: 0xCBF2_9CE4_8422_2325)
    }

    /// `h2`: FNV-1a from another basis, through the MurmurHash3 finaliser so its low bits are
    /// independent of `h1`'s.
    static func nameHash2(_ name: String) -> UInt64 {
        var h = fnv1a(name, basis: 0x8422_2325_CBF2_9CE4)
        h = (h ^ (h >> 33)) &* 0xFF51_AFD7_ED55_8CCD
        h = (h ^ (h >> 33)) &* 0xC4CE_B9FE_1A85_EC53
        return h ^ (h >> 33)
    }

    private static func fnv1a(_ name: String, basis: UInt64) -> UInt64 {
        var h = basis
        for byte in name.utf8 {
            h ^= UInt64(byte)
            h = h &* 0x0000_0100_0000_01B3
        }
        return h
    }

    private static func isPrime(_ n: Int) -> Bool {
        guard n >= 2 else { return false }
        var d = 2
        while d * d <= n {
            if n % d == 0 { return false }
            d += 1
        }
        return true
    }
}
