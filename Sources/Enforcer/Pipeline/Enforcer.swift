import Models
import NFRuntime
import RPCDecode

/// The ucheck enforcement module as the stream consumer behind the switch's `window`: it
/// classifies each connection (which application, which services), decodes its messages with
/// RPCDecode, checks each against the application's compiled spec and returns the verdict of the
/// packet that completed it: forward, or (a violation in enforce mode) drop — the window then
/// kills the connection and resets both endpoints. Every violation is written to the log.
///
/// One per core; the window calls it on the core that owns the connection.
public final class Enforcer: StreamConsumer {
    private let store: PolicyStore
    private var snapshot: EnforcementSnapshot
    private var generation: Int
    private let log: ViolationLog
    private let metrics: MetricsRegistry
    private let core: Int
    private let clock: () -> UInt64
    /// The connections followed, by key. A connection's segments often come in runs (a burst of
    /// one flow, every segment of an HTTP/2 connection), so most lookups find the one before.
    private var connections = RecentEntryMap<FlowKey, ConnectionState>()
    /// The field values of the message being checked, reused from message to message.
    private var fieldBuffer: [CheckValue?] = []
    /// When set, every checked message's verdict is recorded (`ucheck replay`).
    public var observer: MessageObserver?
    /// The debugger hooks of this core, when the switch serves the control API.
    private let debugProbe: DebugProbe?
    /// The same, unretained: `debugProbe` keeps it alive as long as the enforcer, so the test on
    /// every message costs no reference counting.
    private let debug: Unmanaged<DebugProbe>?

    public init(policies: PolicyStore, log: ViolationLog, metrics: MetricsRegistry, core: Int, debug hub: DebugHub? = nil,
                clock: @escaping () -> UInt64 = MonotonicClock.nanoseconds) {
        debugProbe = hub.map { DebugProbe(hub: $0, core: core) }
        debug = debugProbe.map { Unmanaged.passUnretained($0) }
        store = policies
        generation = policies.generation
        snapshot = policies.snapshot
        self.log = log
        self.metrics = metrics
        self.core = core
        self.clock = clock
    }

    /// Connections being followed (tests, reports).
    public var connectionCount: Int { connections.count }

    public func open(_ flow: StreamID, midStream: Bool) {
        guard connections.value(for: flow.connection) == nil else { return }
        let key = flow.connection
        let forward = (address: UInt32(truncatingIfNeeded: key.destination), port: key.destinationPort)
        let backward = (address: UInt32(truncatingIfNeeded: key.source), port: key.sourcePort)
        let reversed: Bool
        let served: EnforcementSnapshot.Served
        if let s = snapshot.served(at: forward.address, port: forward.port) {
            served = s
            reversed = false
        } else if midStream, let s = snapshot.served(at: backward.address, port: backward.port) {
            served = s
            reversed = true
        } else {
            if let app = snapshot.application(at: forward.address), snapshot.applications[app].binding.refuseUndeclaredPorts {
                let policy = snapshot.applications[app]
                let state = ConnectionState(app: policy.name, client: "client", server: "port \(forward.port)", clientIsService: false,
                                            reversed: false, decoder: AnyConnectionDecoder(for: .http1))
                state.refusal = Violation(.undeclaredPort, "port \(forward.port) of \(policy.name) is declared by no service (default_policy: refuse)")
                connections.insert(state, for: key)
            }
            return
        }
        let policy = snapshot.applications[served.app]
        let service = policy.binding.services[served.service]
        let clientAddress = reversed ? forward.address : backward.address
        let client = snapshot.member(of: served.app, at: clientAddress).map { policy.binding.services[$0].name }
        let state = ConnectionState(app: policy.name, client: client ?? CheckedSpec.externalClient, server: service.name,
                                    clientIsService: client != nil, reversed: reversed,
                                    decoder: AnyConnectionDecoder(for: service.wire, thriftIDL: policy.schemas.thrift,
                                                                  limits: policy.schemas.limits))
        if midStream {
            state.refusal = Violation(.unverifiableStream, "the connection began before the switch saw it; its messages cannot be decoded from the middle")
        }
        connections.insert(state, for: key)
    }

    public func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict {
        guard let connection = connections.value(for: flow.connection), !connection.done else { return .forward }
        refreshSnapshot()
        if connection.generation != generation {
            connection.generation = generation
            connection.policy = snapshot.applications.first { $0.name == connection.app }
            connection.served = connection.policy?.served(by: connection.server) ?? ServedMethods()
            connection.clientPosition = connection.policy?.position(of: connection.client) ?? 0
            connection.serverPosition = connection.policy?.position(of: connection.server) ?? 0
        }
        guard let policy = connection.policy else { return .forward }
        if let refusal = connection.refusal {
            return violate(connection, policy, flow, message: nil, [refusal])
        }
        let direction: Direction = flow.isResponse != connection.reversed ? .serverToClient : .clientToServer
        var sink = CheckingSink(enforcer: self, connection: connection, policy: policy, flow: flow)
        do throws(DecodeError) {
            try connection.decoder.feed(bytes, at: offset, from: direction, into: &sink)
        } catch {
            connection.pending.removeAll()
            // A violation earlier in these bytes already ended the connection: nothing more to report.
            if sink.verdict == .drop { return .drop }
            return violate(connection, policy, flow, message: nil, [Violation(.undecodable, error.description)])
        }
        return sink.verdict
    }

    public func close(_ flow: StreamID, reason: StreamCloseReason) {
        guard let connection = connections.value(for: flow.connection) else { return }
        debugProbe?.streamClosed(flow)
        connection.directionsClosed += 1
        if reason != .finished || connection.directionsClosed >= 2 { connections.remove(flow.connection) }
    }

    private func refreshSnapshot() {
        let now = store.generation
        guard now != generation else { return }
        generation = now
        snapshot = store.snapshot
    }

    /// Checks one decoded message of `connection`; returns its verdict.
    func check(_ message: borrowing RPCMessage, _ connection: ConnectionState, _ policy: ApplicationPolicy, _ flow: StreamID) -> StreamVerdict {
        switch message.kind {
        case .trailers, .reset, .abandoned:
            // The call ended (or never ran): nothing to check, its saved request fields go.
            if !connection.pending.isEmpty { connection.pending[message.streamID] = nil }
            debugProbe?.callEnded(message, connection: connection)
            return .forward
        case .request, .response, .streamMessage:
            break
        }
        let fromClient = message.direction == .clientToServer
        let kind: Models.MessageKind = fromClient ? .request : .response
        let http = message.wire == .http1 || message.wire == .http2 ? HTTPMessageParts(message, limits: policy.schemas.limits) : nil
        guard let resolved = connection.method(of: message, http: http) else {
            if !fromClient { return .forward }
            countUnknown(policy, connection.server, kind)
            return violate(connection, policy, flow, message: MessageRecord(message),
                           [Violation(.unknownMessage, "\(connection.server) has no method or route '\(message.method)' in the spec")])
        }
        if fromClient, let expected = resolved.arguments {
            let count = message.respArguments.count(in: message.payload) - 1
            if count != expected {
                countUnknown(policy, connection.server, kind)
                return violate(connection, policy, flow, message: MessageRecord(message),
                               [Violation(.unknownMessage, "\(connection.server)'s command \(resolved.name) takes \(expected) argument(s) in the spec; this one has \(count)")])
            }
        }
        guard let index = fromClient ? resolved.checks.request : resolved.checks.response else {
            if !fromClient { return .forward }
            countUnknown(policy, connection.server, kind)
            return violate(connection, policy, flow, message: MessageRecord(message),
                           [Violation(.implausibleReceive, "no model receives \(connection.server).\(resolved.name) \(kind.rawValue): no rule of \(connection.server) does")])
        }
        let checks = policy.checks[index]
        let request = fromClient || connection.pending.isEmpty ? [String: CheckValue]() : connection.pending[message.streamID] ?? [:]
        var fields = fieldBuffer
        fieldBuffer = [] // `fields` owns the buffer until it is handed back below, so it is not copied
        defer { fieldBuffer = fields }
        checks.fields.read(message, request: request, http: http, limits: policy.schemas.limits, into: &fields)
        let isError = !fromClient && message.status.map { !$0.isSuccess(for: message.wire) } == true
        let check = MessageCheck(policy: policy, checks: checks,
                                 sender: fromClient ? connection.clientPosition : connection.serverPosition,
                                 receiver: fromClient ? connection.serverPosition : connection.clientPosition,
                                 senderIsService: fromClient ? connection.clientIsService : true,
                                 receiverIsService: fromClient ? true : connection.clientIsService,
                                 isErrorReply: isError)
        let outcome = check.run(fields, clock: clock)
        if let outcome, !outcome.violations.isEmpty {
            metrics.count(checks.counter, policy.binding.mode == .enforce ? .blocked : .violationLogged, core: core)
            return violate(connection, policy, flow, message: MessageRecord(message), outcome.violations)
        }
        metrics.count(checks.counter, .allowed, core: core)
        observer?.record(app: connection.app, sender: fromClient ? connection.client : connection.server,
                         receiver: fromClient ? connection.server : connection.client, method: resolved.name, message: MessageRecord(message),
                         verdict: "allowed", violations: [])
        if let outcome, let now = outcome.now {
            for (monitor, tuple) in outcome.records { monitor.record(tuple, now: now) }
        }
        var verdict = StreamVerdict.forward
        if let debug, debug._withUnsafeGuaranteedRef({
            $0.isAttached && $0.concerns(message, connection: connection, checks: checks, policy: policy, checkedFields: fields)
        }) {
            verdict = debug._withUnsafeGuaranteedRef {
                $0.inspect(message, method: resolved.name, connection: connection, policy: policy, flow: flow, checks: checks, checkedFields: fields,
                           request: request, http: http, now: outcome?.now ?? clock())
            }
        }
        if fromClient {
            if checks.savesRequest, connection.pending.count < ConnectionState.maxPendingCalls {
                var saved: [String: CheckValue] = [:]
                for (slot, path) in checks.fields.paths.enumerated() { saved[path] = fields[slot] }
                connection.pending[message.streamID] = saved
            }
        } else if message.wire != .grpc, !connection.pending.isEmpty {
            connection.pending[message.streamID] = nil
        }
        return verdict
    }

    /// Counts a message of a type the spec does not have, under method `?`.
    private func countUnknown(_ policy: ApplicationPolicy, _ service: String, _ kind: Models.MessageKind) {
        let counter = metrics.counter(app: policy.name, service: service, method: "?", kind: kind.rawValue)
        metrics.count(counter, policy.binding.mode == .enforce ? .blocked : .violationLogged, core: core)
    }

    /// Logs a violation; in enforce mode the connection is done and the verdict is drop.
    private func violate(_ connection: ConnectionState, _ policy: ApplicationPolicy, _ flow: StreamID, message: MessageRecord?,
                         _ violations: [Violation]) -> StreamVerdict {
        let enforce = policy.binding.mode == .enforce
        if enforce || message == nil { connection.done = true }
        let (client, server) = connection.parties(flow.connection)
        var record = ViolationRecord(time: ViolationRecord.timestamp(), app: connection.app, action: enforce ? "blocked" : "logged",
                                     from: client, to: server, protocol: message?.wire.rawValue ?? "tcp", violations: violations)
        if let message {
            if message.direction == .serverToClient { swap(&record.from, &record.to) }
            record.service = message.service
            record.method = message.method
            record.kind = message.kind.rawValue
            record.streamID = message.streamID
            record.requestID = message.metadata.traceID?.description
            if let decoded = try? policy.schemas.decodeFields(message) {
                record.fields = Dictionary(decoded.map { ($0.name, $0.value) }) { first, _ in first }
            }
        }
        log.write(record)
        let fromClient = message.map { $0.direction == .clientToServer } ?? true
        observer?.record(app: connection.app, sender: fromClient ? connection.client : connection.server,
                         receiver: fromClient ? connection.server : connection.client, method: message?.method, message: message,
                         verdict: record.action, violations: violations)
        return enforce ? .drop : .forward
    }
}

/// The sink the enforcer's decoders report to: checks each message and keeps the strongest
/// verdict (drop over hold over forward).
struct CheckingSink: MessageSink {
    /// Strong, not `unowned`: the sink is a temporary inside `Enforcer.consume`, so it makes no
    /// cycle, and an `unowned` one cost every message a `swift_unownedRetainStrong` and a
    /// release around `check` (47 instructions per redis GET message, callgrind).
    let enforcer: Enforcer
    let connection: ConnectionState
    let policy: ApplicationPolicy
    let flow: StreamID
    var verdict: StreamVerdict = .forward

    init(enforcer: Enforcer, connection: ConnectionState, policy: ApplicationPolicy, flow: StreamID) {
        self.enforcer = enforcer
        self.connection = connection
        self.policy = policy
        self.flow = flow
    }

    mutating func receive(_ message: borrowing RPCMessage) {
        guard !connection.done else { return }
        switch enforcer.check(message, connection, policy, flow) {
        case .drop: verdict = .drop
        case .hold where verdict == .forward: verdict = .hold
        default: break
        }
    }
}
