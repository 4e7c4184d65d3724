import ControlAPI
import Foundation
import RPCDecode

/// One line of the enforcement log (JSON): a message or connection the enforcer did not allow.
public struct ViolationRecord: Sendable, Encodable {
    /// One end of the connection.
    public typealias Party = MessageEvent.Party

    /// RFC 3339 UTC time with microseconds.
    public var time: String
    public var app: String
    /// `blocked` (dropped, both endpoints reset) or `logged` (monitor mode: forwarded).
    public var action: String
    public var from: Party
    public var to: Party
    public var `protocol`: String
    public var service: String?
    public var method: String?
    public var kind: String?
    public var streamID: UInt64?
    /// The W3C trace id, the request id.
    public var requestID: String?
    public var fields: [String: FieldValue]?
    public var violations: [Violation]

    enum CodingKeys: String, CodingKey {
        case time, app, action, from, to, `protocol`, service, method, kind, streamID = "stream_id", requestID = "request_id", fields, violations
    }

    static func timestamp(_ date: Date = Date()) -> String {
        let seconds = date.timeIntervalSince1970
        var t = time_t(seconds)
        var parts = tm()
        gmtime_r(&t, &parts)
        let micros = Int((seconds - Double(t)) * 1_000_000)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02d.%06dZ", parts.tm_year + 1900, parts.tm_mon + 1, parts.tm_mday,
                      parts.tm_hour, parts.tm_min, parts.tm_sec, micros)
    }
}
