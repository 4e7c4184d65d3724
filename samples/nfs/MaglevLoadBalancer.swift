import NFRuntime

/// Maglev (thesis ch. 3.2.1, Listing 3; Eisenbud et al., NSDI 2016): a load balancer that spreads
/// flows over backends by consistent hashing and keeps each flow on its backend while the
/// backend set changes.
///
/// This is the control plane: it owns the backend set and publishes each new
/// `MaglevLookupTable` through a `BoundedInconsistencyMap` with one writer (the control core) and
/// a bound of one update, so every change is visible to readers at once, as the thesis's
/// bounded-consistency store for the table. The data plane is one `MaglevWorker` per core
/// (`worker(core:)`), each with a core-local flow cache (`CoreLocalMap`) so no packet path
/// touches shared state.
///
/// Backends are named: a name keeps the slot it was first given for the balancer's life, so a
/// backend that leaves and comes back gets its slot (and its cached flows) back. Limits: at most
/// `maximumBackends` distinct names over the balancer's life; IPv4 flows only.
public final class MaglevLoadBalancer {
    /// Distinct backend names a balancer accepts over its life: slots are never reused, and 1024
    /// keeps the paper's small table (65537 entries) above 64 entries per backend.
    public static let maximumBackends = 1024

    public let tableSize: Int
    /// Flows each core's cache holds; further new flows are balanced uncached.
    public let flowCacheCapacity: Int
    private var slots: [MaglevBackend] = []
    private let tables: BoundedInconsistencyMap<Int, MaglevLookupTable>
    private let writer: BoundedInconsistencyMap<Int, MaglevLookupTable>.Writer
    private let flowCaches: CoreLocalMap<FlowKey, UInt16>
    /// The table most recently published.
    public private(set) var table: MaglevLookupTable

    /// The key under which the current table is published.
    static let tableKey = 0

    /// A balancer over `backends` for `cores` data-plane cores.
    public init(backends: [MaglevBackend], tableSize: Int = MaglevLookupTable.smallSize, cores: Int = 1,
                flowCacheCapacity: Int = 1 << 16) {
        precondition(cores > 0 && flowCacheCapacity > 0)
        self.tableSize = tableSize
        self.flowCacheCapacity = flowCacheCapacity
        tables = BoundedInconsistencyMap(partitions: 1, bound: 1, capacity: 1)
        writer = tables.writer(0)
        flowCaches = CoreLocalMap(cores: cores, capacity: flowCacheCapacity)
        table = MaglevLookupTable(backends: [], size: tableSize)
        setBackends(backends)
    }

    /// Makes `backends` the live set (names unique) and publishes the new table. Cold path:
    /// builds a table, O(tableSize · log tableSize).
    public func setBackends(_ backends: [MaglevBackend]) {
        precondition(Set(backends.map(\.name)).count == backends.count, "Maglev backend names must be unique")
        var live = [Bool](repeating: false, count: slots.count)
        for backend in backends {
            if let slot = slots.firstIndex(where: { $0.name == backend.name }) {
                slots[slot] = backend
                live[slot] = true
            } else {
                precondition(slots.count < MaglevLoadBalancer.maximumBackends,
                             "more than \(MaglevLoadBalancer.maximumBackends) Maglev backend names")
                slots.append(backend)
                live.append(true)
            }
        }
        table = MaglevLookupTable(backends: slots.indices.map { live[$0] ? slots[$0] : nil }, size: tableSize)
        writer.update(MaglevLoadBalancer.tableKey, table)
    }

    /// The live backends, in slot order.
    public var backends: [MaglevBackend] { table.backends.compactMap { $0 } }

    /// The data plane of core `core`: hand it to that core only.
    public func worker(core: Int) -> MaglevWorker {
        MaglevWorker(reader: tables.makeReader(), flows: flowCaches.partition(core), flowCacheCapacity: flowCacheCapacity)
    }
}
