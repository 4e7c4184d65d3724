import ControlAPI
import Foundation
import NFRuntime
import RPCDecode

extension MessageEvent {
    /// The event for `message` of `connection`, with its fields fully decoded by `schemas`; a
    /// Redis command's arguments are named by `argumentNames`, the spec's declaration of it.
    init(_ message: borrowing RPCMessage, method: String, reason: String, breakpoint: Int?, connection: ConnectionState, flow: StreamID,
         trace: String?, schemas: SchemaRegistry, argumentNames: [String]) {
        let (client, server) = connection.parties(flow.connection)
        let fromClient = message.direction == .clientToServer
        let record = MessageRecord(message)
        var fields: [String: JSONValue] = [:]
        for field in (try? schemas.decodeFields(record)) ?? [] {
            var name = field.name
            if message.wire == .redis, fromClient {
                guard field.number > 0 else { continue } // the command's name: the event's method
                if field.number <= argumentNames.count { name = argumentNames[field.number - 1] }
            }
            if fields[name] == nil { fields[name] = JSONValue(field.value) }
        }
        var headers = message.metadata.fields.map { [String(decoding: $0.name, as: UTF8.self), String(decoding: $0.value, as: UTF8.self)] }
        if message.wire == .http1 || message.wire == .http2, fromClient { headers.insert([":request", message.method], at: 0) }
        self.init(stop: nil, reason: reason, breakpoint: breakpoint, time: ViolationRecord.timestamp(), app: connection.app,
                  from: fromClient ? client : server, to: fromClient ? server : client, protocol: message.wire.rawValue,
                  method: method, kind: fromClient ? "request" : "response", stream: message.streamID, trace: trace,
                  fields: fields, headers: headers, status: message.status.map { $0.code })
    }
}

extension JSONValue {
    /// A decoded field's value as JSON, the way the enforcement log writes it.
    init(_ value: FieldValue) {
        let encoder = JSONEncoder()
        let decoded = (try? encoder.encode(value)).flatMap { try? JSONDecoder().decode(JSONValue.self, from: $0) }
        self = decoded ?? .null
    }
}
