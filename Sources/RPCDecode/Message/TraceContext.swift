/// W3C Trace Context (`traceparent`, `tracestate`) and W3C Baggage carried in a message's metadata:
/// what ties the messages of one external request together (the enforcer's request id).
public struct TraceContext: Sendable, Hashable, Codable {
    /// 32 lowercase hex digits; the request id.
    public var traceID: String
    /// 16 lowercase hex digits: the span of the sender.
    public var parentID: String
    /// The trace-flags byte (bit 0: sampled).
    public var flags: UInt8
    /// The `tracestate` list as sent, if any.
    public var traceState: String?
    /// `baggage` members in order: key and value (percent-decoded), properties dropped.
    public var baggage: [BaggageMember]

    /// One `key=value` member of the `baggage` header.
    public struct BaggageMember: Sendable, Hashable, Codable {
        public var key: String
        public var value: String
    }

    /// Parses `traceparent` (W3C Trace Context §3.2; validity as `TraceID(traceparent:)`).
    public init?<Bytes: Collection>(traceparent: Bytes, tracestate: String?, baggage: String?) where Bytes.Element == UInt8 {
        let text = Array(traceparent)
        guard let id = TraceID(traceparent: text), let flagByte = UInt8(String(decoding: text[53..<55], as: UTF8.self), radix: 16) else {
            return nil
        }
        traceID = id.description
        parentID = String(decoding: text[36..<52], as: UTF8.self)
        flags = flagByte
        traceState = tracestate
        self.baggage = baggage.map(TraceContext.parseBaggage) ?? []
    }

    /// Splits a `baggage` header (W3C Baggage §3.2.1) into members.
    static func parseBaggage(_ header: String) -> [BaggageMember] {
        header.split(separator: ",").compactMap { member in
            let keyValue = member.split(separator: ";", maxSplits: 1)[0]
            guard let eq = keyValue.firstIndex(of: "=") else { return nil }
            let key = keyValue[..<eq].trimmingSpaces
            let value = keyValue[keyValue.index(after: eq)...].trimmingSpaces
            guard !key.isEmpty else { return nil }
            return BaggageMember(key: String(key), value: PercentDecoding.decode(value))
        }
    }
}

extension Substring {
    /// The substring without leading and trailing spaces and tabs (HTTP optional white space).
    var trimmingSpaces: Substring {
        var s = self
        while let c = s.first, c == " " || c == "\t" { s.removeFirst() }
        while let c = s.last, c == " " || c == "\t" { s.removeLast() }
        return s
    }
}
