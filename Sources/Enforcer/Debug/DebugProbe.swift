import ControlAPI
import Foundation
import Models
import NFRuntime
import RPCDecode

/// One core's side of the debugger hooks. While a debugger is attached, its `Enforcer` asks it
/// about every allowed message (`concerns`) and has it inspect those that may matter: it follows
/// each message's request id (a response inherits its request's), records it for backtraces, and
/// decides whether a step or breakpoint holds it. With no debugger attached the enforcer's whole
/// cost is `isAttached`: one atomic load.
final class DebugProbe {
    private let hub: DebugHub
    private let core: Int
    private var generation = -1
    private var arming = DebugArming.idle
    /// `arming` has breakpoints: read without touching the array, on every message.
    private var hasBreakpoints = false
    /// Field values of the message being matched, reused from message to message.
    private var values: [CheckValue?] = []

    init(hub: DebugHub, core: Int) {
        self.hub = hub
        self.core = core
    }

    /// Whether a debugger is attached; picks up the hub's latest breakpoints and steps.
    @inline(__always)
    var isAttached: Bool {
        let now = hub.generation
        if now != generation {
            generation = now
            arming = hub.arming
            hasBreakpoints = !arming.breakpoints.isEmpty
        }
        return arming.attached
    }

    /// Whether allowed message `message` (checked with `checks` of `policy`, which read
    /// `checkedFields`) may concern the attached debuggers: it may carry or inherit a request id
    /// (recorded for backtraces, followed by steps), or a breakpoint does not reject it at once.
    /// Only then is `inspect` called.
    @inline(__always)
    func concerns(_ message: borrowing RPCMessage, connection: ConnectionState, checks: MessageChecks, policy: ApplicationPolicy,
                  checkedFields: [CheckValue?]) -> Bool {
        if mayHaveTrace(message, fromClient: message.direction == .clientToServer, connection) { return true }
        return hasBreakpoints && breakpointsMayPick(checks, of: policy, checkedFields: checkedFields)
    }

    /// Whether some breakpoint does not reject the message at once; out of line, so that the
    /// enforcer's test stays small.
    @inline(never)
    private func breakpointsMayPick(_ checks: MessageChecks, of policy: ApplicationPolicy, checkedFields: [CheckValue?]) -> Bool {
        for breakpoint in arming.breakpoints where !breakpoint.rejects(checks, of: policy, checkedFields: checkedFields) { return true }
        return false
    }

    /// The verdict the debugger gives allowed message `message` (method `method` of the
    /// connection's server, checked with `checks`, which read `checkedFields`): `.hold` for a
    /// step's or breakpoint's hit, else `.forward`. `now` is the enforcer's clock (recorded with it).
    /// Only the tests that usually fail run here; a hit's work is out of line.
    func inspect(_ message: borrowing RPCMessage, method: String, connection: ConnectionState, policy: ApplicationPolicy, flow: StreamID,
                 checks: MessageChecks, checkedFields: [CheckValue?], request: [String: CheckValue],
                 http: HTTPMessageParts?, now: UInt64) -> StreamVerdict {
        let fromClient = message.direction == .clientToServer
        let trace = mayHaveTrace(message, fromClient: fromClient, connection) ? self.trace(of: message, fromClient: fromClient, connection) : nil
        var verdict = StreamVerdict.forward
        var recorded = TraceRecorder.Outcome.allowed
        if let trace, !arming.stepping.isEmpty, let session = arming.stepping[trace] {
            hold(message, method, connection, policy, flow, trace, session: session, breakpoint: nil)
            (verdict, recorded) = (.hold, .held)
        } else {
            for breakpoint in arming.breakpoints
            where !breakpoint.rejects(checks, of: policy, checkedFields: checkedFields)
                && breakpoint.matches(connection: connection, method: method, fromClient: fromClient, trace: trace, message: message,
                                      policy: policy, checks: checks, checkedFields: checkedFields, request: request, http: http,
                                      values: &values) {
                if breakpoint.definition.action == .notify {
                    watched(message, method, connection, policy, flow, trace, breakpoint: breakpoint)
                    recorded = .watched
                    continue
                }
                hold(message, method, connection, policy, flow, trace, session: breakpoint.session, breakpoint: breakpoint)
                (verdict, recorded) = (.hold, .held)
                break
            }
        }
        if let trace { record(trace, message, method, connection, fromClient: fromClient, recorded, now) }
        return verdict
    }

    /// Holds `message` for `session`: a step's hit, or `breakpoint`'s.
    @inline(never)
    private func hold(_ message: borrowing RPCMessage, _ method: String, _ connection: ConnectionState, _ policy: ApplicationPolicy, _ flow: StreamID,
                      _ trace: TraceID?, session: Int, breakpoint: CompiledBreakpoint?) {
        let reported = event(message, method, breakpoint == nil ? "step" : "breakpoint", breakpoint?.number, connection, policy, flow, trace)
        hub.hold(core: core, stream: flow, session: session, event: reported, stepped: breakpoint == nil ? trace : nil, temporary: breakpoint)
    }

    /// Reports `message`, a hit of watchpoint `breakpoint`.
    @inline(never)
    private func watched(_ message: borrowing RPCMessage, _ method: String, _ connection: ConnectionState, _ policy: ApplicationPolicy,
                         _ flow: StreamID, _ trace: TraceID?, breakpoint: CompiledBreakpoint) {
        hub.watched(event(message, method, "breakpoint", breakpoint.number, connection, policy, flow, trace))
    }

    /// Records `message` of request `trace` for backtraces.
    @inline(never)
    private func record(_ trace: TraceID, _ message: borrowing RPCMessage, _ method: String, _ connection: ConnectionState, fromClient: Bool,
                        _ outcome: TraceRecorder.Outcome, _ now: UInt64) {
        hub.recorders[core].record(trace: trace, connection: connection.names, method: method, kind: fromClient ? .request : .response,
                                   outcome: outcome, at: now)
    }

    /// The event reporting a hit on `message`, its fields decoded.
    private func event(_ message: borrowing RPCMessage, _ method: String, _ reason: String, _ breakpoint: Int?, _ connection: ConnectionState,
                       _ policy: ApplicationPolicy, _ flow: StreamID, _ trace: TraceID?) -> MessageEvent {
        let arguments = message.wire == .redis
            ? policy.binding.spec.services.first { $0.name == connection.server }?.commands.first { $0.name == method }?.arguments
            : nil
        return MessageEvent(message, method: method, reason: reason, breakpoint: breakpoint, connection: connection, flow: flow,
                            trace: trace?.description, schemas: policy.schemas, argumentNames: arguments ?? [])
    }

    /// A gRPC call ended (trailers, reset, abandoned): its request id is no longer needed.
    func callEnded(_ message: borrowing RPCMessage, connection: ConnectionState) {
        connection.traces.remove(message.streamID)
    }

    /// A connection direction ended: a message it held is released with it. Only attached
    /// sessions make stops, so without one this takes no lock.
    func streamClosed(_ stream: StreamID) {
        if isAttached, hub.hasStops { hub.streamClosed(core: core, stream: stream) }
    }

    /// Whether `message` may have a request id: a request with headers (Redis and Thrift requests
    /// have none), or a response on a connection with ids pending.
    @inline(__always)
    private func mayHaveTrace(_ message: borrowing RPCMessage, fromClient: Bool, _ connection: ConnectionState) -> Bool {
        fromClient ? !message.metadata.isEmpty : !connection.traces.isEmpty
    }

    /// The request id of `message`: a request's own (W3C `traceparent`), kept for its response.
    private func trace(of message: borrowing RPCMessage, fromClient: Bool, _ connection: ConnectionState) -> TraceID? {
        if fromClient {
            let trace = message.metadata.traceID
            if let trace { connection.traces.insert(trace, for: message.streamID, limit: ConnectionState.maxPendingCalls) }
            return trace
        }
        let trace = connection.traces.trace(for: message.streamID)
        if message.wire != .grpc, trace != nil { connection.traces.remove(message.streamID) }
        return trace
    }
}
