import ControlAPI
import Foundation
import NFRuntime
import RPCDecode
import Synchronization

/// The switch's debugger hooks, shared by its cores and its control server (docs/control-api.md):
/// the breakpoints and steps of every attached session, the held messages (stops), the per-core
/// trace recorders, and the event feed. The control server calls the public methods on its own
/// threads; the cores read `arming` when `generation` changes and report hits. Releases and drops
/// reach a core's window through its `HeldPackets.requests`, never by touching the packet path.
public final class DebugHub: Sendable {
    /// What the hub keeps under its lock.
    private struct State {
        var sessions: [Int: @Sendable (ControlEvent) -> Void] = [:]
        var nextSession = 1
        var breakpoints: [CompiledBreakpoint] = []
        var stepping: [TraceID: Int] = [:]
        var stops: [Int: DebugStop] = [:]
        var nextStop = 1
        var arming = DebugArming.idle
    }

    private let state = Mutex(State())
    private let changes = Atomic<Int>(0)
    private let holdRequests: [HeldPacketRequests]
    let recorders: [TraceRecorder]
    private let policies: PolicyStore
    private let log: ViolationLog?

    /// `requests[c]` reaches core c's window's held packets; `log` gets a record of every
    /// connection a debugger drops.
    public init(policies: PolicyStore, requests: [HeldPacketRequests], log: ViolationLog?) {
        self.policies = policies
        holdRequests = requests
        self.log = log
        recorders = requests.map { _ in TraceRecorder() }
    }

    /// Changes whenever `arming` does.
    var generation: Int { changes.load(ordering: .acquiring) }
    var arming: DebugArming { state.withLock { $0.arming } }

    // MARK: Sessions

    /// A new session; `events` gets every event from now on (it must not block).
    public func openSession(events: @escaping @Sendable (ControlEvent) -> Void) -> Int {
        update { state in
            let id = state.nextSession
            state.nextSession += 1
            state.sessions[id] = events
            return id
        }
    }

    /// Ends a session: releases its stops, disarms its steps, deletes its breakpoints.
    public func closeSession(_ session: Int) {
        let released = update { state -> [DebugStop] in
            state.sessions[session] = nil
            state.breakpoints.removeAll { $0.session == session }
            state.stepping = state.stepping.filter { $0.value != session }
            let mine = state.stops.values.filter { $0.session == session }
            for stop in mine { state.stops[stop.id] = nil }
            return mine
        }
        for stop in released.sorted(by: { $0.id < $1.id }) {
            _ = holdRequests[stop.core].request(.release, for: stop.stream)
            publish(ControlEvent(event: .released, stop: stop.id, how: "timeout"))
        }
    }

    // MARK: Breakpoints

    /// Sets (or replaces) breakpoint `definition.number` of `session`; throws when its app,
    /// service, method or fields are unknown to the switch's policies.
    public func setBreakpoint(_ definition: BreakpointDefinition, session: Int) throws(PolicyError) {
        guard let policy = policies.snapshot.applications.first(where: { $0.name == definition.app }) else {
            throw PolicyError("this switch enforces no application '\(definition.app)'")
        }
        let compiled = try CompiledBreakpoint(definition, session: session, policy: policy)
        update { state in
            state.breakpoints.removeAll { $0.session == session && $0.number == definition.number }
            state.breakpoints.append(compiled)
        }
    }

    /// Deletes `session`'s breakpoint `number`, or all of them; returns the numbers deleted.
    public func deleteBreakpoints(_ number: Int?, session: Int) -> [Int] {
        update { state in
            let gone = state.breakpoints.filter { $0.session == session && (number == nil || $0.number == number) }.map(\.number)
            state.breakpoints.removeAll { $0.session == session && (number == nil || $0.number == number) }
            return gone.sorted()
        }
    }

    /// `session`'s breakpoints with their hit counts.
    public func breakpoints(of session: Int) -> [BreakpointDefinition] {
        state.withLock { state in
            state.breakpoints.filter { $0.session == session }.sorted { $0.number < $1.number }.map { b in
                var definition = b.definition
                definition.hits = b.hits
                return definition
            }
        }
    }

    // MARK: Stops

    /// Releases `stop` (or every stop of `session`); returns the stops released.
    public func continueStops(_ stop: Int?, session: Int) throws(PolicyError) -> [Int] {
        let stops = try take(stop, session: session)
        for s in stops { release(s, how: "continue") }
        return stops.map(\.id)
    }

    /// Releases `stop` if given and arms `session` to hold the next message of request `trace`;
    /// when the released message answered the request, publishes `finished` instead of arming.
    public func step(trace: TraceID, stop: Int?, session: Int) throws(PolicyError) -> [Int] {
        let stops = try stop.map { id throws(PolicyError) in try take(id, session: session) } ?? []
        for s in stops { release(s, how: "step") }
        if stops.contains(where: \.answersRequest) {
            publish(ControlEvent(event: .finished, trace: trace.description))
        } else {
            update { $0.stepping[trace] = session }
        }
        return stops.map(\.id)
    }

    /// Disarms `session`'s step through `trace`.
    public func unstep(trace: TraceID, session: Int) {
        update { state in if state.stepping[trace] == session { state.stepping[trace] = nil } }
    }

    /// Drops the held packet of `stop` and kills its connection; logs it.
    public func drop(_ stop: Int, session: Int) throws(PolicyError) {
        guard let s = try take(stop, session: session).first else { return }
        _ = holdRequests[s.core].request(.drop, for: s.stream)
        publish(ControlEvent(event: .released, stop: s.id, how: "drop"))
        let e = s.event
        log?.write(ViolationRecord(time: ViolationRecord.timestamp(), app: e.app, action: "blocked", from: e.from, to: e.to,
                                   protocol: e.protocol, service: e.to.service, method: e.method, kind: e.kind, streamID: e.stream,
                                   requestID: e.trace, fields: nil,
                                   violations: [Violation(.debuggerDrop, "dropped from a debugger session at stop \(s.id)")]))
    }

    /// The held messages, the requests being stepped, and the requests seen lately (newest first).
    public func requests() -> (stops: [MessageEvent], stepping: [String], recent: [RecentRequest]) {
        let (stops, stepping) = state.withLock { state in
            (state.stops.values.sorted { $0.id < $1.id }.map(\.event), state.stepping.keys.map(\.description).sorted())
        }
        var counts: [TraceID: (messages: Int, last: Double)] = [:]
        for recorder in recorders {
            for entry in recorder.entries {
                let seen = counts[entry.trace]
                counts[entry.trace] = ((seen?.messages ?? 0) + 1, max(seen?.last ?? 0, recorder.wallClockTime(of: entry)))
            }
        }
        let recent = counts.sorted { $0.value.last > $1.value.last }.prefix(20).map {
            RecentRequest(trace: $0.key.description, messages: $0.value.messages, last: ViolationRecord.timestamp(Date(timeIntervalSince1970: $0.value.last)))
        }
        return (stops, stepping, recent)
    }

    /// The messages of request `trace` this switch recorded, oldest first.
    public func trace(_ trace: TraceID) -> [TraceRecord] {
        recorders.flatMap { $0.messages(of: trace) }.sorted { $0.time < $1.time }
    }

    // MARK: Called by the cores

    /// Registers a hold of `stream` on `core` and reports it; returns the stop id. A stream that
    /// already holds a packet (several messages completed by one packet) keeps its first stop.
    func hold(core: Int, stream: StreamID, session: Int, event: MessageEvent, stepped trace: TraceID?,
              temporary breakpoint: CompiledBreakpoint?) {
        let stop = update { state -> Int? in
            if let trace, state.stepping[trace] == session { state.stepping[trace] = nil }
            if let breakpoint, breakpoint.definition.temporary { state.breakpoints.removeAll { $0 === breakpoint } }
            guard !state.stops.values.contains(where: { $0.core == core && $0.stream == stream }) else { return nil }
            let id = state.nextStop
            state.nextStop += 1
            var held = event
            held.stop = id
            held.session = session
            state.stops[id] = DebugStop(id: id, core: core, stream: stream, session: session, event: held)
            return id
        }
        guard let stop else { return }
        var held = event
        held.stop = stop
        held.session = session
        publish(ControlEvent(event: .stop, message: held))
    }

    /// Reports a watchpoint's message (forwarded, not held).
    func watched(_ event: MessageEvent) {
        publish(ControlEvent(event: .watch, message: event))
    }

    /// A connection direction ended on `core`: a stop holding it is gone with it.
    func streamClosed(core: Int, stream: StreamID) {
        let gone = update { state -> [DebugStop] in
            let ended = state.stops.values.filter { $0.core == core && $0.stream == stream }
            for s in ended { state.stops[s.id] = nil }
            return ended
        }
        for s in gone { publish(ControlEvent(event: .released, stop: s.id, how: "closed")) }
    }

    /// Whether any stop is registered (cheap enough for every connection close).
    var hasStops: Bool { state.withLock { !$0.stops.isEmpty } }

    // MARK: Internals

    /// Runs `change` under the lock, then rebuilds the cores' arming and bumps the generation.
    private func update<T>(_ change: (inout State) -> T) -> T {
        let result = state.withLock { state -> T in
            let result = change(&state)
            state.arming = DebugArming(attached: !state.sessions.isEmpty, breakpoints: state.breakpoints, stepping: state.stepping)
            return result
        }
        changes.add(1, ordering: .releasing)
        return result
    }

    /// Removes and returns `stop` (which `session` must own), or all of `session`'s stops when nil.
    private func take(_ stop: Int?, session: Int) throws(PolicyError) -> [DebugStop] {
        try state.withLock { state throws(PolicyError) -> [DebugStop] in
            guard let stop else {
                let mine = state.stops.values.filter { $0.session == session }.sorted { $0.id < $1.id }
                for s in mine { state.stops[s.id] = nil }
                return mine
            }
            guard let s = state.stops[stop] else { throw PolicyError("no stop \(stop) is held (released, or its connection ended)") }
            guard s.session == session else { throw PolicyError("stop \(stop) belongs to another debugger session") }
            state.stops[stop] = nil
            return [s]
        }
    }

    private func release(_ stop: DebugStop, how: String) {
        _ = holdRequests[stop.core].request(.release, for: stop.stream)
        publish(ControlEvent(event: .released, stop: stop.id, how: how))
    }

    private func publish(_ event: ControlEvent) {
        let sinks = state.withLock { Array($0.sessions.values) }
        for sink in sinks { sink(event) }
    }
}
