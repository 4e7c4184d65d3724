/// `window`: reorders and buffers TCP segments per flow and direction and hands contiguous bytes
/// to a `StreamConsumer` (thesis ch. 3.1.1), forwarding packets by the consumer's verdict.
///
/// This is the in-order engine the runtime starts from; the reassembly issue hardens it against
/// evasion. What it does now:
/// - the stream starts after the SYN's sequence number, or at the first segment seen (mid-stream
///   pickup of connections older than the switch);
/// - an in-order segment is delivered in place, without copying;
/// - bytes already delivered are not delivered again (retransmissions, overlaps keep the first
///   copy); their packet is forwarded;
/// - a segment past a hole is copied into a per-direction buffer bounded by `Limits` (per
///   direction, and all flows together); when the hole fills, the buffered bytes follow in order
///   and the filling packet gets the verdict; a direction that would pass a bound is given up
///   (`.limitExceeded` names the bound) and its packets are forwarded unexamined;
/// - FIN/RST end a direction; idle flows end after `Limits.idleTimeout` (`expire(now:)`);
/// - at most `Limits.maxFlows` flows: packets of flows beyond that are forwarded unexamined
///   and counted in `untracked`.
/// Sequence numbers are compared modulo 2^32. Packets a consumer holds go to `held`.
public struct Window<Parent: BatchOperator, Consumer: StreamConsumer>: BatchOperator
where Parent.Stack.Top == TCP, Parent.Stack.Below.Top: NetworkLayerHeader {
    public typealias Stack = Parent.Stack
    public var parent: Parent
    public var consumer: Consumer
    public let limits: Limits
    @usableFromInline var flows: [FlowKey: FlowState] = [:]
    /// Packets the consumer asked to hold, in arrival order.
    public let held: SlotQueue
    public var counters = Counters()
    @usableFromInline var now: UInt64 = 0

    /// Bounds on what one window may keep (see `WindowLimits`).
    public typealias Limits = WindowLimits

    /// What the window did, for stats lines and tests.
    public struct Counters: Sendable, Equatable {
        public var segments: UInt64 = 0
        public var bytesDelivered: UInt64 = 0
        public var outOfOrderSegments: UInt64 = 0
        public var duplicateBytes: UInt64 = 0
        public var dropped: UInt64 = 0
        public var held: UInt64 = 0
        public var untracked: UInt64 = 0
        /// Out-of-order bytes buffered now, across all flows (a gauge, bounded by `maxBufferedBytes`).
        public var bufferedBytes = 0
        public init() {}
    }

    @usableFromInline
    struct Direction {
        @usableFromInline var started = false
        @usableFromInline var nextSequence: UInt32 = 0
        @usableFromInline var offset: UInt64 = 0
        @usableFromInline var closed = false
        @usableFromInline var finSequence: UInt32?
        /// Segments beyond a hole: (sequence, bytes), sorted by sequence.
        @usableFromInline var pending: [(UInt32, [UInt8])] = []
        @usableFromInline var pendingBytes = 0
        @inlinable init() {}
    }

    @usableFromInline
    struct FlowState {
        @usableFromInline var connection: FlowKey
        @usableFromInline var directions = (Direction(), Direction())
        @usableFromInline var lastSeen: UInt64
        @inlinable init(connection: FlowKey, lastSeen: UInt64) {
            self.connection = connection
            self.lastSeen = lastSeen
        }
    }

    @inlinable
    init(parent: Parent, consumer: Consumer, limits: Limits) {
        self.parent = parent
        self.consumer = consumer
        self.limits = limits
        held = SlotQueue(capacity: limits.maxHeld)
        flows.reserveCapacity(min(limits.maxFlows, 4096))
    }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        now = MonotonicClock.nanoseconds()
        var verdicts = (0 as UInt64, 0 as UInt64) // (dropped, held) this batch
        let depth = Stack.depth
        batch.removeAll { slot in
            let verdict = self.process(Packet<Stack>(slot: slot), depth: depth)
            switch verdict {
            case .forward: return true
            case .drop:
                verdicts.0 &+= 1
                return false
            case .hold:
                guard held.push(slot.pointee) == nil else {
                    verdicts.0 &+= 1 // hold queue full: dropped, as a violation would be
                    return false
                }
                verdicts.1 &+= 1
                // The hold queue owns the buffer now: take a reference for the batch to drop.
                slot.pointee.buffer.retain(1)
                return false
            }
        }
        counters.dropped &+= verdicts.0
        counters.held &+= verdicts.1
    }

    @inlinable
    mutating func process(_ packet: Packet<Stack>, depth: Int) -> StreamVerdict {
        let tcp = packet.header
        let ip = packet.lower.header
        let key = FlowKey(source: ip.sourceKey, destination: ip.destinationKey, sourcePort: tcp.sourcePort,
                          destinationPort: tcp.destinationPort, protocolNumber: IPv4.tcp)
        counters.segments &+= 1
        // TCP payload ends where the IP datagram ends (Ethernet padding is not payload).
        let ipEnd = packet.lower.headerOffset + ip.datagramLength
        let payloadStart = packet.payloadOffset
        let payloadLength = max(0, min(ipEnd, packet.length) - payloadStart)
        let flags = tcp.flags
        let seq = tcp.sequenceNumber

        let canonical = key.canonical.key
        if flows[canonical] == nil {
            guard flows.count < limits.maxFlows else {
                counters.untracked &+= 1
                return .forward
            }
            flows[canonical] = FlowState(connection: key, lastSeen: now)
        }
        let now = self.now, limits = self.limits
        return withFlow(canonical) { state, consumer, counters in
            state.lastSeen = now
            let isResponse = key != state.connection
            let id = StreamID(connection: state.connection, isResponse: isResponse)
            let payload = UnsafeRawBufferPointer(start: packet.frame.baseAddress! + payloadStart, count: payloadLength)
            if isResponse {
                return Self.advance(direction: &state.directions.1, id: id, seq: seq, flags: flags, payload: payload,
                                    limits: limits, consumer: &consumer, counters: &counters)
            }
            return Self.advance(direction: &state.directions.0, id: id, seq: seq, flags: flags, payload: payload,
                                limits: limits, consumer: &consumer, counters: &counters)
        }
    }

    @inlinable
    mutating func withFlow(_ key: FlowKey, _ body: (inout FlowState, inout Consumer, inout Counters) -> StreamVerdict) -> StreamVerdict {
        let verdict = body(&flows[key]!, &consumer, &counters)
        if let s = flows[key], s.directions.0.closed, s.directions.1.closed { flows[key] = nil }
        return verdict
    }

    /// Advances one direction by one segment; returns the verdict for its packet.
    @inlinable
    static func advance(direction d: inout Direction, id: StreamID, seq: UInt32, flags: TCP.Flags,
                        payload: UnsafeRawBufferPointer, limits: Limits,
                        consumer: inout Consumer, counters: inout Counters) -> StreamVerdict {
        if d.closed { return .forward }
        if flags.contains(.rst) {
            d.closed = true
            d.pending.removeAll()
            counters.bufferedBytes -= d.pendingBytes
            d.pendingBytes = 0
            consumer.close(id, reason: .reset)
            return .forward
        }
        var dataSeq = seq
        if flags.contains(.syn) {
            dataSeq = seq &+ 1
            // A retransmitted SYN must not rewind a stream already under way.
            if !d.started {
                d.started = true
                d.nextSequence = dataSeq
            }
        } else if !d.started {
            d.started = true
            d.nextSequence = seq
        }
        if flags.contains(.fin) { d.finSequence = dataSeq &+ UInt32(payload.count) }

        var verdict = StreamVerdict.forward
        if payload.count > 0 {
            let ahead = Int32(bitPattern: dataSeq &- d.nextSequence)
            if ahead > 0 {
                // Beyond a hole: keep a copy until the hole fills.
                counters.outOfOrderSegments &+= 1
                guard d.pending.count < limits.maxOutOfOrderSegments,
                      d.pendingBytes + payload.count <= limits.maxOutOfOrderBytes,
                      counters.bufferedBytes + payload.count <= limits.maxBufferedBytes else {
                    let limit = d.pending.count >= limits.maxOutOfOrderSegments ? "maxOutOfOrderSegments"
                        : d.pendingBytes + payload.count > limits.maxOutOfOrderBytes ? "maxOutOfOrderBytes" : "maxBufferedBytes"
                    d.closed = true
                    d.pending.removeAll()
                    counters.bufferedBytes -= d.pendingBytes
                    d.pendingBytes = 0
                    consumer.close(id, reason: .limitExceeded(limit))
                    return .forward
                }
                let index = d.pending.firstIndex { Int32(bitPattern: $0.0 &- dataSeq) > 0 } ?? d.pending.count
                d.pending.insert((dataSeq, Array(payload)), at: index)
                d.pendingBytes += payload.count
                counters.bufferedBytes += payload.count
            } else {
                let skip = -Int(ahead)
                if skip < payload.count {
                    counters.duplicateBytes &+= UInt64(skip)
                    let fresh = UnsafeRawBufferPointer(rebasing: payload[skip...])
                    verdict = deliver(fresh, direction: &d, id: id, consumer: &consumer, counters: &counters)
                    verdict = drainPending(direction: &d, id: id, verdict: verdict, consumer: &consumer, counters: &counters)
                } else {
                    counters.duplicateBytes &+= UInt64(payload.count)
                }
            }
        }
        if let fin = d.finSequence, d.nextSequence == fin, d.pending.isEmpty {
            d.closed = true
            consumer.close(id, reason: .finished)
        }
        return verdict
    }

    @inlinable
    static func deliver(_ bytes: UnsafeRawBufferPointer, direction d: inout Direction, id: StreamID,
                        consumer: inout Consumer, counters: inout Counters) -> StreamVerdict {
        let verdict = consumer.consume(bytes, at: d.offset, of: id)
        d.offset &+= UInt64(bytes.count)
        d.nextSequence &+= UInt32(truncatingIfNeeded: bytes.count)
        counters.bytesDelivered &+= UInt64(bytes.count)
        return verdict
    }

    /// Delivers buffered segments that have become contiguous; the strongest verdict wins.
    @inlinable
    static func drainPending(direction d: inout Direction, id: StreamID, verdict: StreamVerdict,
                             consumer: inout Consumer, counters: inout Counters) -> StreamVerdict {
        var verdict = verdict
        while let (seq, bytes) = d.pending.first {
            let ahead = Int32(bitPattern: seq &- d.nextSequence)
            if ahead > 0 { break }
            d.pending.removeFirst()
            d.pendingBytes -= bytes.count
            counters.bufferedBytes -= bytes.count
            let skip = -Int(ahead)
            guard skip < bytes.count else { continue }
            let v = bytes.withUnsafeBytes { deliver(UnsafeRawBufferPointer(rebasing: $0[skip...]), direction: &d, id: id, consumer: &consumer, counters: &counters) }
            verdict = strongest(verdict, v)
        }
        return verdict
    }

    @inlinable
    static func strongest(_ a: StreamVerdict, _ b: StreamVerdict) -> StreamVerdict {
        if a == .drop || b == .drop { return .drop }
        if a == .hold || b == .hold { return .hold }
        return .forward
    }

    /// Closes flows idle for longer than `limits.idleTimeout`; call it from a scheduled event.
    public mutating func expire(now: UInt64) {
        let timeout = limits.idleTimeout
        for (key, state) in flows where now &- state.lastSeen > timeout {
            for (closed, isResponse) in [(state.directions.0.closed, false), (state.directions.1.closed, true)] where !closed {
                consumer.close(StreamID(connection: state.connection, isResponse: isResponse), reason: .idle)
            }
            counters.bufferedBytes -= state.directions.0.pendingBytes + state.directions.1.pendingBytes
            flows[key] = nil
        }
    }

    /// Connections currently followed.
    public var flowCount: Int { flows.count }
    /// Out-of-order bytes buffered across all flows.
    public var bufferedBytes: Int { counters.bufferedBytes }
}
