import NFRuntime

/// The graph `MaglevWorker.balance` builds: Ethernet and IPv4 parsed, then steered.
public typealias MaglevGraph<Input: BatchOperator> =
    Filter<Parse<Parse<Input, Ethernet>, IPv4>> where Input.Stack == NoHeaders

/// One core's Maglev data plane: steers each IPv4 packet to a backend by rewriting its
/// destination Ethernet address.
///
/// Per packet: the 5-tuple is looked up in the core's flow cache; a cached backend that is still
/// live is used (so existing flows stick to their backend when the set changes, Maglev §3.3);
/// otherwise the lookup table picks the backend by the flow's hash and the choice is cached.
/// The packet's `metadata.userTag` is set to the backend's slot, for a later `groupBy`.
///
/// Contract: frames that are not well-formed IPv4 over Ethernet are dropped by `parse`; packets
/// are dropped (counted in `unbalanced`) only when no backend is live. Non-TCP/UDP packets and
/// non-first fragments hash by address pair and protocol alone. The cache holds at most the
/// balancer's `flowCacheCapacity` flows; new flows beyond it are balanced by the table alone
/// (counted in `uncached`), so they still land consistently unless the backend set changes.
/// Entries of departed backends are replaced when their flow's next packet arrives.
///
/// The worker sees a new table when `refresh()` runs: schedule it on the core's
/// `EventScheduler` (`schedule(on:)`), so it runs between batches and no packet pays for it.
/// Use one worker per core, with `shuffle` (or RSS) keeping a flow on one core.
public final class MaglevWorker {
    @usableFromInline let flows: CoreLocalMap<FlowKey, UInt16>.Partition
    @usableFromInline let flowCacheCapacity: Int
    private let reader: BoundedInconsistencyMap<Int, MaglevLookupTable>.Reader
    /// The table this worker steers by; keeps alive the storage `entries`… point into.
    public private(set) var table: MaglevLookupTable
    @usableFromInline var entries: UnsafeMutablePointer<UInt16>
    @usableFromInline var addresses: UnsafeMutablePointer<MACAddress>
    @usableFromInline var live: UnsafeMutablePointer<Bool>
    @usableFromInline var divisor: UInt32
    /// New flows balanced without caching because the cache was full.
    public var uncached: UInt64 = 0
    /// Packets dropped because no backend was live.
    public var unbalanced: UInt64 = 0

    init(reader: BoundedInconsistencyMap<Int, MaglevLookupTable>.Reader, flows: CoreLocalMap<FlowKey, UInt16>.Partition,
         flowCacheCapacity: Int) {
        guard let table = reader.get(MaglevLoadBalancer.tableKey, partition: 0) else {
            preconditionFailure("a Maglev balancer publishes its table before it makes workers")
        }
        self.reader = reader
        self.flows = flows
        self.flowCacheCapacity = flowCacheCapacity
        self.table = table
        entries = table.entries
        addresses = table.addresses
        live = table.live
        divisor = table.divisor
    }

    /// Adopts the balancer's latest table if it changed; returns whether it did. Cold path.
    @discardableResult
    public func refresh() -> Bool {
        guard let latest = reader.get(MaglevLoadBalancer.tableKey, partition: 0), latest !== table else { return false }
        table = latest
        entries = latest.entries
        addresses = latest.addresses
        live = latest.live
        divisor = latest.divisor
        return true
    }

    /// Runs `refresh()` every `interval` nanoseconds on `scheduler` (the core's own): a backend
    /// change reaches this core's packets within one interval. Returns the event id.
    @discardableResult
    public func schedule(on scheduler: EventScheduler, every interval: UInt64 = 1_000_000,
                         now: UInt64 = MonotonicClock.nanoseconds()) -> Int {
        scheduler.every(nanoseconds: interval, now: now) { [weak self] in self?.refresh() }
    }

    /// The flows in this core's cache.
    public var cachedFlows: Int { flows.count }

    /// Picks `packet`'s backend, rewrites its destination address and tags it with the slot;
    /// false (nothing written) when no backend is live.
    @inlinable
    public func steer<S: HeaderStack>(_ packet: Packet<S>) -> Bool where S.Top == IPv4, S.Below.Top == Ethernet {
        let flow = packet.ipv4FlowKey
        let key = flow
        let slot: UInt16
        if let cached = flows.entries[key], live[Int(cached)] {
            slot = cached
        } else {
            slot = entries[Int(flow.symmetricHash % divisor)]
            guard slot != MaglevLookupTable.noBackend else {
                unbalanced &+= 1
                return false
            }
            if flows.count < flowCacheCapacity || flows.entries[key] != nil {
                flows.entries[key] = slot
            } else {
                uncached &+= 1
            }
        }
        packet.lower.header.destination = addresses[Int(slot)]
        packet.metadata.userTag = UInt64(slot)
        return true
    }

    /// The worker as an NF: parse Ethernet and IPv4, steer every packet to its backend.
    @inlinable
    public func balance<Input: BatchOperator>(_ input: Input) -> MaglevGraph<Input> where Input.Stack == NoHeaders {
        input.parse(Ethernet.self)
            .parse(IPv4.self)
            .filter { [self] in steer($0) }
    }
}
