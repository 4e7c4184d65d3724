import Foundation
import RPCDecode

/// Prints `CaptureEvent`s as text (one line per message, then its status, trace id, custom
/// metadata and fields indented) or as JSON lines.
struct CaptureEventPrinter {
    var json: Bool

    func line(_ number: Int, _ event: CaptureEvent) -> String {
        json ? jsonLine(event) : text(number, event)
    }

    private func text(_ number: Int, _ event: CaptureEvent) -> String {
        let time = String(format: "%.6f", event.time)
        guard let m = event.message else {
            return "\(number) \(time) \(event.client) → \(event.server) ERROR \(event.problem ?? "")"
        }
        let (from, to) = m.direction == .clientToServer ? (event.client, event.server) : (event.server, event.client)
        let call = m.service.isEmpty ? m.method : "\(m.service)/\(m.method)"
        var out = "\(number) \(time) \(from) → \(to) \(m.wire.rawValue) \(m.kind.rawValue) \(call) stream=\(m.streamID) end=\(m.endOffset)"
        if let status = m.status { out += "\n    status: \(status.code)\(status.message.isEmpty ? "" : " \"\(status.message)\"")" }
        if let trace = m.metadata.traceContext { out += "\n    trace: \(trace.traceID) parent \(trace.parentID)" }
        for field in m.metadata.fields where isCustom(field) {
            out += "\n    \(field.nameString): \(Self.text(bytes: Array(field.value)))"
        }
        if let fields = event.fields, !fields.isEmpty {
            for field in fields { out += "\n    .\(field.name.isEmpty ? "#\(field.number)" : field.name) = \(Self.text(field.value))" }
        } else if !m.payload.isEmpty && event.fields?.isEmpty == true {
            out += "\n    payload (\(m.payload.count) bytes, no schema): \(m.payload.prefix(32).map { String(format: "%02x", $0) }.joined())"
        }
        if let problem = event.problem { out += "\n    error: \(problem)" }
        return out
    }

    /// Metadata worth printing: not pseudo-headers nor the transport's own.
    private func isCustom(_ field: HeaderField) -> Bool {
        let name = field.nameString
        return !name.hasPrefix(":") && !["content-type", "te", "user-agent", "grpc-accept-encoding", "accept-encoding",
                                         "content-length", "date", "server", "host", "accept", "traceparent",
                                         "grpc-status", "grpc-message", "grpc-encoding"].contains(name)
    }

    static func text(bytes: [UInt8]) -> String {
        if let s = String(validating: bytes, as: UTF8.self), s.unicodeScalars.allSatisfy({ $0.value >= 0x20 }) { return s }
        return "0x" + bytes.map { String(format: "%02x", $0) }.joined()
    }

    static func text(_ value: FieldValue) -> String {
        switch value {
        case .int(let v): return String(v)
        case .uint(let v): return String(v)
        case .double(let v): return String(v)
        case .bool(let v): return String(v)
        case .string(let v): return "\"\(v)\""
        case .bytes(let v): return "0x" + v.map { String(format: "%02x", $0) }.joined()
        case .enumeration(let name, let number): return name ?? String(number)
        case .message(let fields):
            return "{" + fields.map { "\($0.name.isEmpty ? "#\($0.number)" : $0.name): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .list(let values): return "[" + values.map(text).joined(separator: ", ") + "]"
        case .map(let entries): return "{" + entries.map { "\(text($0.key)): \(text($0.value))" }.joined(separator: ", ") + "}"
        case .null: return "null"
        case .unknown(let wireType, let raw): return "<unknown wire type \(wireType): \(raw.map { String(format: "%02x", $0) }.joined())>"
        }
    }

    private struct JSONEvent: Encodable {
        var time: Double
        var client: String
        var server: String
        var `protocol`: String?
        var direction: String?
        var kind: String?
        var service: String?
        var method: String?
        var stream: UInt64?
        var end_offset: UInt64?
        var payload_length: Int?
        var status: RPCStatus?
        var trace_id: String?
        var metadata: [[String]]?
        var fields: FieldObject?
        var error: String?
    }

    private func jsonLine(_ event: CaptureEvent) -> String {
        let m = event.message
        let record = JSONEvent(
            time: event.time, client: event.client, server: event.server, protocol: m?.wire.rawValue,
            direction: m.map { $0.direction == .clientToServer ? "request" : "response" }, kind: m?.kind.rawValue,
            service: m?.service, method: m?.method, stream: m?.streamID, end_offset: m?.endOffset, payload_length: m?.payload.count, status: m?.status,
            trace_id: m?.metadata.traceContext?.traceID,
            metadata: m?.metadata.fields.map { [$0.nameString, Self.text(bytes: Array($0.value))] },
            fields: event.fields.map(FieldObject.init), error: event.problem)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return (try? String(decoding: encoder.encode(record), as: UTF8.self)) ?? "{}"
    }
}
