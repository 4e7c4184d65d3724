import RPCDecode

/// The parts of an HTTP message that route fields are read from, parsed once per message: the
/// request target's path segments and query parameters (a response carries its request's target
/// in `method`), and the form or JSON body.
///
/// A class: the checks pass `HTTPMessageParts?` for every message, and for the other protocols
/// (nil) a reference costs nothing to pass or drop, where the struct's optional took an outlined
/// destroy through its enum tag on every message.
final class HTTPMessageParts {
    let verb: Substring
    let pathSegments: [Substring]
    private(set) var query: [String: String] = [:]
    private(set) var form: [String: String] = [:]
    private(set) var json: [DecodedField]?

    /// Parses `message` (`method` is `VERB /target` for HTTP); nil if it is not an HTTP message.
    init?(_ message: borrowing RPCMessage, limits: DecodeLimits) {
        let requestLine = message.method.split(separator: " ", maxSplits: 1)
        guard requestLine.count == 2 else { return nil }
        verb = requestLine[0]
        let target = requestLine[1].split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        pathSegments = target[0].split(separator: "/", omittingEmptySubsequences: false).dropFirst().map { $0 }
        if target.count == 2 { query = Self.pairs(target[1]) }
        switch message.payloadEncoding {
        case .form:
            form = Self.pairs(Substring(decoding: message.payload, as: UTF8.self))
        case .json:
            json = (try? HTTPBodyFields.decode(message.payload, as: .json, maxDepth: limits.maxNestingDepth)) ?? []
        default:
            break
        }
    }

    /// `a=1&b=2` (URL-encoded, `+` for space); the first of repeated names wins.
    private static func pairs(_ text: Substring) -> [String: String] {
        var result: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = PercentDecoding.decode(parts[0], plusIsSpace: true)
            if result[name] == nil { result[name] = parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : "" }
        }
        return result
    }
}
