import ControlAPI
import Foundation
import Models
import NFRuntime
import RPCDecode

/// One core's side of the debugger hooks, called by its `Enforcer` for every allowed message
/// while a debugger is attached: it follows each message's request id (a response inherits its
/// request's), records it for backtraces, and decides whether a step or breakpoint holds it.
/// With no debugger attached the enforcer's whole cost is `isAttached`: one atomic load.
final class DebugProbe {
    private let hub: DebugHub
    private let core: Int
    private var generation = -1
    private var arming = DebugArming.idle
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
        }
        return arming.attached
    }

    /// The verdict the debugger gives allowed message `message` (method `method` of the
    /// connection's server, checked with `checks`, which read `checkedFields`): `.hold` for a
    /// step's or breakpoint's hit, else `.forward`.
    func inspect(_ message: RPCMessage, method: String, connection: ConnectionState, policy: ApplicationPolicy, flow: StreamID,
                 checks: MessageChecks, checkedFields: [CheckValue?], request: [String: CheckValue],
                 http: HTTPMessageParts?) -> StreamVerdict {
        let fromClient = message.direction == .clientToServer
        let kind: Models.MessageKind = fromClient ? .request : .response
        let trace = self.trace(of: message, fromClient: fromClient, connection)
        let sender = fromClient ? connection.client : connection.server
        let receiver = fromClient ? connection.server : connection.client
        var outcome = (verdict: StreamVerdict.forward, recorded: "allowed")
        func event(_ reason: String, _ breakpoint: Int?) -> MessageEvent {
            let arguments = message.wire == .redis
                ? policy.binding.spec.services.first { $0.name == connection.server }?.commands.first { $0.name == method }?.arguments
                : nil
            return MessageEvent(message, method: method, reason: reason, breakpoint: breakpoint, connection: connection, flow: flow,
                                trace: trace, schemas: policy.schemas, argumentNames: arguments ?? [])
        }
        if let trace, let session = arming.stepping[trace] {
            hub.hold(core: core, stream: flow, session: session, event: event("step", nil), stepped: trace, temporary: nil)
            outcome = (.hold, "held")
        } else {
            for breakpoint in arming.breakpoints
            where breakpoint.matches(app: connection.app, server: connection.server, method: method, kind: kind, sender: sender,
                                     receiver: receiver, trace: trace, message: message, policy: policy, checks: checks,
                                     checkedFields: checkedFields,
                                     request: request, http: http, values: &values) {
                if breakpoint.definition.action == .notify {
                    hub.watched(event("breakpoint", breakpoint.number))
                    outcome.recorded = "watched"
                    continue
                }
                hub.hold(core: core, stream: flow, session: breakpoint.session, event: event("breakpoint", breakpoint.number),
                         stepped: nil, temporary: breakpoint)
                outcome = (.hold, "held")
                break
            }
        }
        if let trace {
            hub.recorders[core].record(TraceRecorder.Entry(time: Date().timeIntervalSince1970, trace: trace, app: connection.app,
                                                           from: sender, to: receiver, method: method, kind: kind.rawValue,
                                                           verdict: outcome.recorded))
        }
        return outcome.verdict
    }

    /// A gRPC call ended (trailers, reset, abandoned): its request id is no longer needed.
    func callEnded(_ message: RPCMessage, connection: ConnectionState) {
        if !connection.traces.isEmpty { connection.traces[message.streamID] = nil }
    }

    /// A connection direction ended: a message it held is released with it. Only attached
    /// sessions make stops, so without one this takes no lock.
    func streamClosed(_ stream: StreamID) {
        if isAttached, hub.hasStops { hub.streamClosed(core: core, stream: stream) }
    }

    /// The request id of `message`: a request's own (W3C `traceparent`), kept for its response.
    private func trace(of message: RPCMessage, fromClient: Bool, _ connection: ConnectionState) -> String? {
        if fromClient {
            guard !message.metadata.isEmpty else { return nil } // no headers (Redis, Thrift): no trace context
            let trace = message.metadata.traceContext?.traceID
            if let trace, connection.traces.count < ConnectionState.maxPendingCalls { connection.traces[message.streamID] = trace }
            return trace
        }
        guard !connection.traces.isEmpty else { return nil }
        let trace = connection.traces[message.streamID]
        if message.wire != .grpc, trace != nil { connection.traces[message.streamID] = nil }
        return trace
    }
}
