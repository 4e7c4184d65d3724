import NFRuntime

/// One core's view of where each MAC address lives, learned from source addresses, with aging.
///
/// Each core writes the addresses it learns into its own partition of a
/// `BoundedInconsistencyMap` (bound 1: published at once; only new or moved addresses are updates,
/// refreshes are not) and reads the other cores' partitions lock-free; its own partition is
/// consulted first. Several cores may learn the same address (frames of one host are spread over
/// receive queues); they agree on its port. After a host moves, a core that has not yet seen it on
/// the new port may use the old one until it sees it or the entry ages out. Last-seen times stay
/// core-local; `age(now:)` removes the core's stale entries. At most `capacity` addresses per core: beyond that new addresses are not
/// learned (their frames keep flooding) and `full` counts them.
final class MACLearningTable {
    private let writer: BoundedInconsistencyMap<MACAddress, UInt16>.Writer
    private let reader: BoundedInconsistencyMap<MACAddress, UInt16>.Reader
    private var lastSeen: [MACAddress: UInt64]
    private let capacity: Int
    private let agingNanoseconds: UInt64
    private let sharedAcrossCores: Bool
    private(set) var full: UInt64 = 0

    init(shared map: BoundedInconsistencyMap<MACAddress, UInt16>, core: Int, cores: Int, capacity: Int, agingNanoseconds: UInt64) {
        writer = map.writer(core)
        reader = map.makeReader()
        lastSeen = Dictionary(minimumCapacity: capacity)
        self.capacity = capacity
        self.agingNanoseconds = agingNanoseconds
        sharedAcrossCores = cores > 1
    }

    /// Records that `address` was seen on `port` at `now`.
    @inline(__always)
    func learn(_ address: MACAddress, port: UInt16, now: UInt64) {
        guard !address.isGroup else { return }
        if writer[address] != port {
            guard writer[address] != nil || writer.count < capacity else {
                full &+= 1
                return
            }
            writer.update(address, port)
        }
        lastSeen[address] = now
    }

    /// The port `address` was last seen on, if it is known and not aged out.
    @inline(__always)
    func port(of address: MACAddress) -> UInt16? {
        if let p = writer[address] { return p }
        return sharedAcrossCores ? reader.get(address) : nil
    }

    /// Forgets this core's addresses not seen for longer than the aging time.
    func age(now: UInt64) {
        for (address, seen) in lastSeen where now &- seen > agingNanoseconds {
            lastSeen[address] = nil
            writer.update(address, nil)
        }
    }

    /// Addresses this core has learned.
    var count: Int { writer.count }
}
