import NFRuntime

/// The learning switch as a runtime operator: learns each frame's source address on its input
/// port and sets its output port — the learned port for a known unicast destination, flood for
/// broadcast, multicast and unknown destinations, none (filtered) when the destination sits
/// behind the input port itself. `SwitchSink` then sends frames where this decided.
struct L2Forward<Parent: BatchOperator>: BatchOperator where Parent.Stack == Stacked<Ethernet, NoHeaders> {
    typealias Stack = Parent.Stack
    var parent: Parent
    let table: MACLearningTable
    /// Shared with the stats printer (written only by this core).
    let counters: UnsafeMutablePointer<SwitchCounters>

    mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        let n = batch.count
        guard n > 0 else { return }
        let now = MonotonicClock.nanoseconds()
        var flooded = 0, unicast = 0, filtered = 0
        for i in 0..<n {
            let packet = Packet<Stack>(slot: batch.slot(i))
            let eth = packet.header
            let input = packet.metadata.inputPort
            table.learn(eth.source, port: input, now: now)
            let destination = eth.destination
            var out = PacketMetadata.flood
            if !destination.isGroup, let p = table.port(of: destination) {
                out = p == input ? PacketMetadata.noPort : p
            }
            packet.metadata.outputPort = out
            if out == PacketMetadata.flood { flooded &+= 1 } else if out == PacketMetadata.noPort { filtered &+= 1 } else { unicast &+= 1 }
        }
        counters.pointee.flooded &+= UInt64(flooded)
        counters.pointee.unicast &+= UInt64(unicast)
        counters.pointee.filtered &+= UInt64(filtered)
    }
}

/// What one core's switch did with frames, beyond the ports' own counters.
struct SwitchCounters: Equatable {
    var unicast: UInt64 = 0
    var flooded: UInt64 = 0
    /// Destination behind the input port: not sent back.
    var filtered: UInt64 = 0

    static func + (a: SwitchCounters, b: SwitchCounters) -> SwitchCounters {
        SwitchCounters(unicast: a.unicast + b.unicast, flooded: a.flooded + b.flooded, filtered: a.filtered + b.filtered)
    }
}
