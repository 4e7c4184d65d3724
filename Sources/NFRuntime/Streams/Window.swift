/// `window`: reassembles TCP streams per flow and direction and hands the bytes a receiver will
/// read, in order, to a `StreamConsumer` (thesis ch. 3.1.1); forwards, holds or drops each packet
/// by the consumer's verdict. Built to be neither evaded nor exhausted by the traffic it judges.
///
/// Per direction (`ReassemblyDirection`):
/// - **Start.** After the SYN's sequence number (a SYN's own data is stream data), or, for a
///   connection older than the window, at the first segment seen (`midStream`): then nothing
///   before that segment is known, window scaling is unknown (windows are read at the largest
///   scale, so only the buffer limits bound what is kept), and a retransmission of earlier bytes
///   the receiver has not acknowledged is `uncheckableRetransmission`.
/// - **In order.** A segment continuing the stream is delivered in place, never copied; the
///   window keeps a reference to its frame until the receiver acknowledges it (at most
///   `maxRetainedSegments` per direction), to check retransmissions against.
/// - **Overlaps.** Bytes already delivered or waiting out of order may come again only
///   identical; different bytes at the same sequence numbers are `inconsistentOverlap` (in
///   either order of arrival). Bytes the receiver acknowledged are duplicates it ignores.
/// - **Out of order.** A segment past a hole is forwarded at once and its frame kept (by
///   reference) within `maxOutOfOrderSegments`/`maxOutOfOrderBytes` per direction and
///   `maxBufferedBytes`/`maxStoredSegments` in all; the packet that fills the hole delivers the
///   kept bytes and gets the verdict for all of them.
/// - **What the receiver accepts.** A segment failing its IPv4 or TCP checksum, or starting past
///   the receiver's window (its last ACK plus its scaled window), is dropped undelivered, as the
///   receiver would drop it. Data with URG is `urgentData`. Bytes at or past the FIN are not
///   stream data. An RST ends the connection only when its sequence number is exactly the one
///   its receiver expects (RFC 5961); others are forwarded and counted, and the stream goes on.
/// - **End.** FIN (once delivered up to it), an accepted RST, idleness (`expire(now:)`), or
///   eviction when the fixed-capacity flow table is full (least recently seen of a few). An
///   ended connection lingers (`closedFlowLinger`, like TIME-WAIT) so that its late
///   retransmissions are forwarded as such, never taken for a new stream picked up mid-way.
///
/// Verdicts: `.forward`; `.hold` keeps the packet in `held` and drops the direction's later
/// data (retransmissions of the held bytes included) until `release(_:)`; `.drop` drops the
/// packet and kills the connection: later packets are dropped and `resets` gets a request for
/// RSTs to both endpoints (send them with `SendResets`). An anomaly or a hit limit is reported
/// to the consumer as the direction's close reason and handled by `Limits.failurePolicy`:
/// fail closed kills the connection the same way, fail open stops following the direction.
/// Memory is bounded by `Limits` whatever the packets; nothing is allocated per packet.
public struct Window<Parent: BatchOperator, Consumer: StreamConsumer>: BatchOperator
where Parent.Stack.Top == TCP, Parent.Stack.Below.Top: NetworkLayerHeader {
    public typealias Stack = Parent.Stack
    /// Bounds on what one window may keep (see `WindowLimits`).
    public typealias Limits = WindowLimits
    public var parent: Parent
    public var consumer: Consumer
    public let limits: Limits
    @usableFromInline let flows: FlowTable<WindowFlow>
    @usableFromInline let store: SegmentStore
    /// Packets held by a `.hold` verdict, and those released to go out in the next batch (given
    /// to the window when another thread must reach it, e.g. the debugger's control server).
    public let held: HeldPackets
    /// RSTs the window asks for when it kills a connection.
    public let resets: ResetQueue
    public var counters = Counters()
    @usableFromInline var now: UInt64 = 0
    /// The flow of the previous packet, while the table is unchanged: consecutive packets of one
    /// connection (a batch of a bulk transfer) skip the hash and the probe.
    @usableFromInline var lastFlow: (key: FlowKey, index: Int, generation: UInt64)?
    /// Where the incremental expiry sweep continues (see `sweep`).
    @usableFromInline var sweepCursor = 0
    /// Polls that found no packets, counted to sweep one time in `idlePollsPerSweep`.
    @usableFromInline var idlePolls: UInt64 = 0

    /// What the window did, for stats lines and tests.
    public struct Counters: Sendable, Equatable {
        public var segments: UInt64 = 0
        public var bytesDelivered: UInt64 = 0
        public var outOfOrderSegments: UInt64 = 0
        /// Bytes seen again (identical to what was delivered, or already acknowledged).
        public var duplicateBytes: UInt64 = 0
        /// Packets dropped: verdicts, dead flows, and segments the receiver would drop too.
        public var dropped: UInt64 = 0
        public var held: UInt64 = 0
        /// Packets of no followed connection that start none (pure ACK, FIN or RST), and late
        /// packets of ended connections: forwarded, not stream data.
        public var untracked: UInt64 = 0
        public var badChecksums: UInt64 = 0
        /// Segments starting past the receiver's window.
        public var beyondWindow: UInt64 = 0
        /// Data of a direction dropped while one of its packets is held.
        public var droppedWhileHeld: UInt64 = 0
        /// RSTs the receiver would not accept (wrong sequence number), and SYNs on open streams.
        public var ignoredResets: UInt64 = 0
        public var ignoredSYNs: UInt64 = 0
        /// Packets dropped because their connection was killed.
        public var deadFlowDrops: UInt64 = 0
        /// Connections killed (drop verdicts and fail-closed anomalies or limits).
        public var killed: UInt64 = 0
        /// Anomalies and limits hit (each closes a direction: see the consumer's close reasons).
        public var anomalies: UInt64 = 0
        public var limitsHit: UInt64 = 0
        public var evictions: UInt64 = 0
        /// Delivered segments that could not be kept for checking (segment table full).
        public var unretained: UInt64 = 0
        /// Out-of-order bytes kept now, across all flows (a gauge, bounded by `maxBufferedBytes`).
        public var bufferedBytes = 0
        public init() {}
    }

    /// What one segment does to its direction (the window then applies it to the packet).
    @usableFromInline
    enum SegmentOutcome {
        case verdict(StreamVerdict)
        /// Drop the packet undelivered and go on (the receiver would drop it too, or its
        /// direction is held).
        case discard
        /// An RST the receiver accepts: the connection is over.
        case connectionReset
        /// An anomaly or a limit: handled by the failure policy.
        case failure(StreamCloseReason)
    }

    @inlinable
    init(parent: Parent, consumer: Consumer, limits: Limits, resets: ResetQueue, held: HeldPackets? = nil) {
        self.parent = parent
        self.consumer = consumer
        self.limits = limits
        flows = FlowTable(capacity: limits.maxFlows)
        store = SegmentStore(capacity: limits.maxStoredSegments)
        self.held = held ?? HeldPackets(capacity: limits.maxHeld)
        self.resets = resets
    }

    @inlinable
    public mutating func nextBatch(into batch: PacketBatch) {
        parent.nextBatch(into: batch)
        if batch.isEmpty && !held.hasWork {
            // An idle poll reads no clock and sweeps only one time in `idlePollsPerSweep`.
            idlePolls &+= 1
            if idlePolls & (Self.idlePollsPerSweep - 1) == 0 {
                now = MonotonicClock.nanoseconds()
                sweep()
            }
            return
        }
        now = MonotonicClock.nanoseconds()
        var verdicts = (0 as UInt64, 0 as UInt64) // (dropped, held) this batch
        batch.removeAll { slot in
            switch self.process(Packet<Stack>(slot: slot)) {
            case .forward: return true
            case .drop:
                verdicts.0 &+= 1
                return false
            case .hold:
                verdicts.1 &+= 1
                // `held` keeps a copy of the slot: give it its own reference (the batch drops one).
                slot.pointee.buffer.retain(1)
                return false
            }
        }
        counters.dropped &+= verdicts.0
        counters.held &+= verdicts.1
        if held.requests.hasRequests { applyHeldRequests() }
        held.released.drain(into: batch)
        sweep()
    }

    /// Timeouts need no timer: each batch with packets, and one idle poll in `idlePollsPerSweep`,
    /// sweeps a few flow-table slots, at the clock read for it (`now`).
    @inlinable
    mutating func sweep() {
        sweepCursor = flows.sweep(from: sweepCursor, slots: Self.slotsSweptPerBatch) { _, flow in self.keepAfterTimeouts(&flow) }
    }

    /// Flow-table slots the expiry sweep visits per batch: a table of 2^17 slots is swept in
    /// 4096 batches, at a cost of a few loads per packet.
    @inlinable static var slotsSweptPerBatch: Int { 32 }
    /// Idle polls per sweep (a power of two): an idle core (tens of ns a poll) still sweeps a
    /// table of 2^17 slots in well under a second.
    @inlinable static var idlePollsPerSweep: UInt64 { 64 }

    @inlinable
    mutating func process(_ packet: Packet<Stack>) -> StreamVerdict {
        let tcp = packet.header
        let ip = packet.lower.header
        counters.segments &+= 1
        // TCP payload ends where the IP datagram ends (Ethernet padding is not payload).
        let payloadStart = packet.payloadOffset
        let payloadLength = max(0, min(packet.lower.headerOffset + ip.datagramLength, packet.length) - payloadStart)
        if limits.verifyChecksums, !(ip.checksumIsValid && tcp.checksumIsValid(network: ip, payloadLength: payloadLength)) {
            counters.badChecksums &+= 1
            return .drop
        }
        let flags = tcp.flags
        let key = FlowKey(source: ip.sourceKey, destination: ip.destinationKey, sourcePort: tcp.sourcePort,
                          destinationPort: tcp.destinationPort, protocolNumber: IPv4.tcp)
        let canonical = key.canonical.key
        let index: Int
        if let last = lastFlow, last.generation == flows.generation, last.key == canonical {
            index = last.index
        } else if let found = flows.find(canonical) {
            index = found
        } else {
            guard flags.contains(.syn) || payloadLength > 0, !flags.contains(.rst) else {
                counters.untracked &+= 1
                return .forward
            }
            index = flows.insert(canonical, WindowFlow(connection: key, lastSeen: now), scan: limits.evictionScan,
                                 isOlder: { a, b in
                                     let aEnded = a.dead || a.closed, bEnded = b.dead || b.closed
                                     return aEnded != bEnded ? aEnded : a.lastSeen < b.lastSeen
                                 },
                                 evicted: { _, flow in
                                     self.counters.evictions &+= 1
                                     self.forget(&flow, reason: .evicted)
                                 })
        }
        lastFlow = (canonical, index, flows.generation)
        let flow = flows.value(at: index)
        if flow.pointee.dead || flow.pointee.closed {
            if flags.contains(.syn), !flags.contains(.ack) {
                flow.pointee = WindowFlow(connection: key, lastSeen: now) // a new connection on the same addresses
            } else if flow.pointee.closed || (flags.contains(.rst) && payloadLength == 0) {
                counters.untracked &+= 1
                return .forward
            } else {
                counters.deadFlowDrops &+= 1
                return .drop
            }
        }
        flow.pointee.lastSeen = now
        let isResponse = key != flow.pointee.connection
        let stream = StreamID(connection: flow.pointee.connection, isResponse: isResponse)
        let payload = UnsafeRawBufferPointer(start: packet.frame.baseAddress! + payloadStart, count: payloadLength)
        let buffer = packet.slot.pointee.buffer
        let (outcome, senderNext, receiverNext) = flow.pointee.withDirections(response: isResponse) { d, other in
            let senderNext = d.receiverNext
            let outcome = self.advance(&d, other: &other, stream: stream, tcp: tcp, payload: payload, buffer: buffer)
            return (outcome, senderNext, other.started ? other.receiverNext : tcp.acknowledgmentNumber)
        }
        switch outcome {
        case .verdict(.forward):
            if flow.pointee.client.finished, flow.pointee.server.finished {
                forget(&flow.pointee, reason: .finished)
                flow.pointee.closed = true
            }
            return .forward
        case .discard:
            return .drop
        case .verdict(.hold):
            if held.hold(packet.slot.pointee, for: stream) {
                flow.pointee.withDirections(response: isResponse) { d, _ in d.heldFrom = senderNext }
                return .hold
            }
            counters.limitsHit &+= 1
            kill(flow, packet: packet, senderNext: senderNext, receiverNext: receiverNext, reason: .limitExceeded(.held))
            return .drop
        case .verdict(.drop):
            kill(flow, packet: packet, senderNext: senderNext, receiverNext: receiverNext, reason: .killed)
            return .drop
        case .connectionReset:
            forget(&flow.pointee, reason: .reset)
            flow.pointee.closed = true
            return .forward
        case .failure(let reason):
            if case .anomaly = reason { counters.anomalies &+= 1 } else { counters.limitsHit &+= 1 }
            if limits.failurePolicy == .failClosed {
                kill(flow, packet: packet, senderNext: senderNext, receiverNext: receiverNext, reason: reason)
                return .drop
            }
            flow.pointee.withDirections(response: isResponse) { d, _ in
                self.consumer.close(stream, reason: reason)
                d.releaseAll(self.store, bufferedBytes: &self.counters.bufferedBytes)
                d.closed = true
            }
            return .forward
        }
    }

    /// Advances direction `d` by one segment; `other` learns from its acknowledgment.
    @inlinable
    mutating func advance(_ d: inout ReassemblyDirection, other: inout ReassemblyDirection, stream: StreamID,
                          tcp: TCP, payload: UnsafeRawBufferPointer, buffer: PacketBuffer) -> SegmentOutcome {
        let flags = tcp.flags
        let seq = tcp.sequenceNumber
        if flags.contains(.ack), !flags.contains(.rst) { learnAcknowledgment(tcp, sender: d, receiver: &other) }
        if flags.contains(.rst) {
            guard !d.started || seq == d.receiverNext else {
                counters.ignoredResets &+= 1
                return .verdict(.forward)
            }
            return .connectionReset
        }
        var dataSeq = seq
        if flags.contains(.syn) {
            if !d.started {
                d.start(at: seq &+ 1, midStream: false)
                d.sawSYN = true
                d.synSequence = seq
                d.windowScale = tcp.windowScale
                consumer.open(stream, midStream: false)
            } else if !d.sawSYN || seq != d.synSequence {
                counters.ignoredSYNs &+= 1
                return .verdict(.forward)
            }
            dataSeq = seq &+ 1
        } else if !d.started {
            d.start(at: seq, midStream: true)
            consumer.open(stream, midStream: true)
        }
        if d.closed { return .verdict(.forward) }
        if flags.contains(.urg), payload.count > 0 { return .failure(.anomaly(.urgentData)) }

        var length = payload.count
        if flags.contains(.fin), d.finSequence == nil { d.finSequence = dataSeq &+ UInt32(length) }
        if let fin = d.finSequence {
            // Bytes at or past the FIN are not stream data: the receiver ignores them.
            length = max(0, min(length, Int(SequenceNumber.distance(from: dataSeq, to: fin))))
        }
        let end = dataSeq &+ UInt32(length)
        if length > 0 {
            if let edge = d.rightEdge, SequenceNumber.after(dataSeq, edge) {
                counters.beyondWindow &+= 1
                return .discard
            }
            if let heldFrom = d.heldFrom, SequenceNumber.after(end, heldFrom) {
                counters.droppedWhileHeld &+= 1
                return .discard
            }
        }
        let top = flags.contains(.fin) ? end &+ 1 : end
        if SequenceNumber.after(top, d.highestSequence) { d.highestSequence = top }
        guard length > 0 else {
            finishIfComplete(&d, stream: stream)
            return .verdict(.forward)
        }
        let bytes = UnsafeRawBufferPointer(rebasing: payload[0..<length])

        // Bytes already delivered: only identical copies pass, unless the receiver acknowledged them.
        if SequenceNumber.before(dataSeq, d.nextSequence) {
            let overlapEnd = SequenceNumber.min(end, d.nextSequence)
            var checkFrom = dataSeq
            if let ack = d.acknowledged, SequenceNumber.after(ack, checkFrom) { checkFrom = SequenceNumber.min(ack, overlapEnd) }
            if SequenceNumber.before(checkFrom, overlapEnd) {
                if SequenceNumber.before(checkFrom, d.verifiedFrom) { return .failure(.anomaly(.uncheckableRetransmission)) }
                guard ReassemblyDirection.agrees(bytes, sequence: dataSeq, from: checkFrom, to: overlapEnd,
                                                 list: d.retainedHead, store) else {
                    return .failure(.anomaly(.inconsistentOverlap))
                }
            }
            counters.duplicateBytes &+= UInt64(overlapEnd &- dataSeq)
            guard SequenceNumber.after(end, d.nextSequence) else { return .verdict(.forward) }
        }
        // New bytes: they must agree with out-of-order copies of the same sequence numbers.
        let freshFrom = SequenceNumber.max(dataSeq, d.nextSequence)
        guard ReassemblyDirection.agrees(bytes, sequence: dataSeq, from: freshFrom, to: end, list: d.outOfOrderHead, store) else {
            return .failure(.anomaly(.inconsistentOverlap))
        }
        if freshFrom != d.nextSequence { return keepOutOfOrder(&d, bytes: bytes, sequence: dataSeq, buffer: buffer) }

        var verdict = deliver(UnsafeRawBufferPointer(rebasing: bytes[Int(freshFrom &- dataSeq)...]), &d, stream: stream)
        if let record = store.insert(buffer, payload: bytes, sequence: dataSeq) {
            d.retain(record, limit: limits.maxRetainedSegments, store)
        } else {
            counters.unretained &+= 1
            d.dropRetained(store)
        }
        // Kept segments this one made contiguous: their bytes are completed by this packet.
        while d.outOfOrderHead != SegmentStore.none, !SequenceNumber.after(store.sequence(d.outOfOrderHead), d.nextSequence) {
            let record = d.popOutOfOrder(store)
            counters.bufferedBytes &-= store.length(record)
            guard SequenceNumber.after(store.end(record), d.nextSequence) else {
                store.remove(record)
                continue
            }
            let skip = Int(d.nextSequence &- store.sequence(record))
            verdict = Self.strongest(verdict, deliver(UnsafeRawBufferPointer(rebasing: store.bytes(record)[skip...]), &d, stream: stream))
            d.retain(record, limit: limits.maxRetainedSegments, store)
        }
        finishIfComplete(&d, stream: stream)
        return .verdict(verdict)
    }

    /// Keeps a segment past a hole, within the limits.
    @inlinable
    mutating func keepOutOfOrder(_ d: inout ReassemblyDirection, bytes: UnsafeRawBufferPointer, sequence: UInt32,
                                 buffer: PacketBuffer) -> SegmentOutcome {
        counters.outOfOrderSegments &+= 1
        if d.outOfOrderCount >= limits.maxOutOfOrderSegments { return .failure(.limitExceeded(.outOfOrderSegments)) }
        if d.outOfOrderBytes + bytes.count > limits.maxOutOfOrderBytes { return .failure(.limitExceeded(.outOfOrderBytes)) }
        if counters.bufferedBytes + bytes.count > limits.maxBufferedBytes { return .failure(.limitExceeded(.bufferedBytes)) }
        guard let record = store.insert(buffer, payload: bytes, sequence: sequence) else {
            return .failure(.limitExceeded(.storedSegments))
        }
        d.insertOutOfOrder(record, store)
        counters.bufferedBytes &+= bytes.count
        return .verdict(.forward)
    }

    /// Updates what `receiver`'s direction knows from an ACK its receiver sent: the
    /// acknowledgment (releases retained segments) and the right edge of the window. An ACK of
    /// bytes never sent teaches nothing.
    @inlinable
    mutating func learnAcknowledgment(_ tcp: TCP, sender: ReassemblyDirection, receiver: inout ReassemblyDirection) {
        let ack = tcp.acknowledgmentNumber
        guard receiver.started, !SequenceNumber.after(ack, receiver.highestSequence) else { return }
        if receiver.acknowledged.map({ SequenceNumber.after(ack, $0) }) ?? true {
            receiver.acknowledged = ack
            receiver.releaseAcknowledged(store)
        }
        // RFC 7323 §2.2: a SYN's window is never scaled; scaling holds only if both SYNs offered it.
        let scale: UInt8
        if tcp.flags.contains(.syn) {
            scale = 0
        } else if sender.sawSYN, receiver.sawSYN {
            scale = receiver.windowScale != nil ? sender.windowScale ?? 0 : 0
        } else {
            scale = 14 // a connection picked up mid-stream: the scale is unknown, assume the largest
        }
        let edge = ack &+ (UInt32(tcp.window) << scale)
        if receiver.rightEdge.map({ SequenceNumber.after(edge, $0) }) ?? true { receiver.rightEdge = edge }
    }

    @inlinable
    mutating func deliver(_ bytes: UnsafeRawBufferPointer, _ d: inout ReassemblyDirection, stream: StreamID) -> StreamVerdict {
        let verdict = consumer.consume(bytes, at: d.offset, of: stream)
        d.offset &+= UInt64(bytes.count)
        d.nextSequence &+= UInt32(truncatingIfNeeded: bytes.count)
        counters.bytesDelivered &+= UInt64(bytes.count)
        return verdict
    }

    /// Closes the direction with `.finished` once delivered up to its FIN.
    @inlinable
    mutating func finishIfComplete(_ d: inout ReassemblyDirection, stream: StreamID) {
        guard !d.finished, let fin = d.finSequence, d.nextSequence == fin else { return }
        d.finished = true
        // Kept segments past the FIN never become stream data.
        counters.bufferedBytes &-= d.outOfOrderBytes
        while d.outOfOrderHead != SegmentStore.none { store.remove(d.popOutOfOrder(store)) }
        consumer.close(stream, reason: .finished)
    }

    @inlinable
    static func strongest(_ a: StreamVerdict, _ b: StreamVerdict) -> StreamVerdict {
        if a == .drop || b == .drop { return .drop }
        if a == .hold || b == .hold { return .hold }
        return .forward
    }

    /// Ends both directions: tells the consumer (for those still open), returns their segments
    /// and drops what they hold.
    @inlinable
    mutating func forget(_ flow: inout WindowFlow, reason: StreamCloseReason) {
        let connection = flow.connection
        end(&flow.client, StreamID(connection: connection, isResponse: false), reason: reason)
        end(&flow.server, StreamID(connection: connection, isResponse: true), reason: reason)
    }

    @inlinable
    mutating func end(_ d: inout ReassemblyDirection, _ stream: StreamID, reason: StreamCloseReason) {
        if d.started, !d.finished, !d.closed { consumer.close(stream, reason: reason) }
        held.take(stream)?.buffer.release()
        d.releaseAll(store, bufferedBytes: &counters.bufferedBytes)
        d.closed = true
    }

    /// Kills a connection: the consumer is told `reason`, resets are requested for both
    /// endpoints, and its later packets are dropped.
    @inlinable
    mutating func kill(_ flow: UnsafeMutablePointer<WindowFlow>, packet: Packet<Stack>, senderNext: UInt32,
                       receiverNext: UInt32, reason: StreamCloseReason) {
        if let request = Self.resetRequest(answering: packet, senderNext: senderNext, receiverNext: receiverNext) {
            resets.push(request)
        }
        forget(&flow.pointee, reason: reason)
        flow.pointee.dead = true
        counters.killed &+= 1
    }

    /// The resets for the connection of `packet`, addressed from its own headers (Ethernet,
    /// optionally one VLAN tag, IPv4 or IPv6); nil for other link layouts.
    @inlinable
    static func resetRequest(answering packet: Packet<Stack>, senderNext: UInt32, receiverNext: UInt32) -> ResetRequest? {
        let base = packet.frame.baseAddress!
        let eth = Ethernet(at: base)
        let networkOffset = packet.lower.headerOffset
        var vlan: UInt16?
        if networkOffset == 18, eth.etherType == Ethernet.vlan {
            vlan = VLAN(at: base + 14).tci & 0x0FFF
        } else if networkOffset != 14 {
            return nil
        }
        let network: SegmentTemplate.Network
        if (base + networkOffset).load(as: UInt8.self) >> 4 == 4 {
            let ip = IPv4(at: base + networkOffset)
            network = .ipv4(source: ip.source, destination: ip.destination)
        } else {
            let ip = IPv6(at: base + networkOffset)
            network = .ipv6(source: ip.sourceKey, destination: ip.destinationKey)
        }
        let tcp = packet.header
        let template = SegmentTemplate(sourceMAC: eth.source, destinationMAC: eth.destination, vlanID: vlan, network: network,
                                       sourcePort: tcp.sourcePort, destinationPort: tcp.destinationPort,
                                       transport: .tcp(sequence: senderNext, acknowledgment: receiverNext, flags: [.rst, .ack], window: 0))
        let metadata = packet.metadata
        return ResetRequest(template: template, senderNext: senderNext, receiverNext: receiverNext,
                            senderPort: metadata.inputPort, receiverPort: metadata.outputPort)
    }

    /// Sends the packet `stream` holds on in the next batch and lets its direction go on.
    /// False when it holds none (or the release queue is full: try again after a batch).
    public mutating func release(_ stream: StreamID) -> Bool {
        guard held.release(stream) else { return false }
        if let index = flows.find(stream.connection.canonical.key) {
            flows.value(at: index).pointee.withDirections(response: stream.isResponse) { d, _ in d.heldFrom = nil }
        }
        return true
    }

    /// Carries out the releases and drops other threads asked for (`held.requests`); a release
    /// the full release queue refuses waits for the next batch, a request for a stream that holds
    /// nothing (its connection ended) is void.
    @usableFromInline
    mutating func applyHeldRequests() {
        held.requests.drain { stream, action in
            switch action {
            case .release:
                if self.release(stream) { return true }
                return self.held.released.count < self.held.released.capacity // full: again next batch
            case .drop:
                _ = self.dropHeld(stream)
                return true
            }
        }
    }

    /// Drops the packet `stream` holds and kills its connection (resets to both endpoints).
    /// False when it holds none.
    public mutating func dropHeld(_ stream: StreamID) -> Bool {
        guard var slot = held.take(stream) else { return false }
        defer { slot.buffer.release() }
        guard let index = flows.find(stream.connection.canonical.key) else { return true }
        let flow = flows.value(at: index)
        let packet = withUnsafeMutablePointer(to: &slot) { Packet<Stack>(slot: $0) }
        let (senderNext, receiverNext) = flow.pointee.withDirections(response: stream.isResponse) { d, other in
            (d.receiverNext, other.started ? other.receiverNext : packet.header.acknowledgmentNumber)
        }
        kill(flow, packet: packet, senderNext: senderNext, receiverNext: receiverNext, reason: .killed)
        return true
    }

    /// Ends flows idle for longer than `limits.idleTimeout` (telling the consumer `.idle`) and
    /// forgets ended ones after `limits.closedFlowLinger`, all at once. Each batch already does
    /// this for a few flows at a time; call this to settle everything at `now` (tests, shutdown).
    public mutating func expire(now: UInt64) {
        self.now = now
        flows.forEach { _, flow in self.keepAfterTimeouts(&flow) }
    }

    /// Whether `flow` stays at `now`: false (and ended) once idle or lingered out.
    @inlinable
    mutating func keepAfterTimeouts(_ flow: inout WindowFlow) -> Bool {
        guard now > flow.lastSeen else { return true }
        let quiet = now &- flow.lastSeen
        if flow.dead || flow.closed { return quiet <= limits.closedFlowLinger }
        guard quiet > limits.idleTimeout else { return true }
        forget(&flow, reason: .idle)
        return false
    }

    /// Connections in the table: followed ones, and ended ones until they linger out.
    public var flowCount: Int { flows.count }
    /// Out-of-order bytes kept across all flows.
    public var bufferedBytes: Int { counters.bufferedBytes }
    /// Segments kept (out of order, and delivered until acknowledged) across all flows.
    public var storedSegments: Int { store.count }
}
