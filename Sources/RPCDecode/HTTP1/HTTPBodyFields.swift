import Foundation

/// The fields of an HTTP body (HTTP/1.1 or HTTP/2) for the full view: form bodies as their
/// name/value pairs, JSON bodies as their object tree.
public enum HTTPBodyFields {
    /// Decodes `payload` as `encoding`; empty for opaque bodies. Throws for a JSON body that does
    /// not parse or a JSON nesting deeper than `maxDepth`.
    public static func decode(_ payload: UnsafeRawBufferPointer, as encoding: PayloadEncoding,
                              maxDepth: Int = DecodeLimits.defaultMaxNestingDepth) throws -> [DecodedField] {
        switch encoding {
        case .form:
            return String(decoding: payload, as: UTF8.self).split(separator: "&").enumerated().map { i, pair in
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                let value = parts.count > 1 ? PercentDecoding.decode(parts[1], plusIsSpace: true) : ""
                return DecodedField(name: PercentDecoding.decode(parts[0], plusIsSpace: true), number: i, value: .string(value))
            }
        case .json:
            guard !payload.isEmpty else { return [] }
            try checkNesting(payload, maxDepth: maxDepth)
            let value = try JSONDecoder().decode(JSONBodyValue.self, from: Data(payload)).value
            if case .message(let fields) = value { return fields }
            return [DecodedField(name: "", number: 0, value: value)]
        default:
            return []
        }
    }

    /// Refuses JSON nested deeper than `maxDepth` before decoding it recursively.
    private static func checkNesting(_ payload: UnsafeRawBufferPointer, maxDepth: Int) throws {
        var depth = 0
        var inString = false
        var escaped = false
        for b in payload {
            if inString {
                if escaped { escaped = false } else if b == 0x5C { escaped = true } else if b == 0x22 { inString = false }
                continue
            }
            switch b {
            case 0x22: inString = true
            case 0x5B, 0x7B:
                depth += 1
                if depth > maxDepth { throw PayloadDecodingError(offset: 0, reason: "JSON nested deeper than \(maxDepth)") }
            case 0x5D, 0x7D: depth -= 1
            default: break
            }
        }
    }
}

/// Any JSON value, decoded with Foundation's `JSONDecoder`.
private struct JSONBodyValue: Decodable {
    var value: FieldValue

    private struct Key: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    init(from decoder: Decoder) throws {
        if let object = try? decoder.container(keyedBy: Key.self) {
            value = .message(try object.allKeys.map(\.stringValue).sorted().enumerated().map { i, key in
                DecodedField(name: key, number: i, value: try object.decode(JSONBodyValue.self, forKey: Key(stringValue: key)).value)
            })
            return
        }
        if var array = try? decoder.unkeyedContainer() {
            var values: [FieldValue] = []
            while !array.isAtEnd { values.append(try array.decode(JSONBodyValue.self).value) }
            value = .list(values)
            return
        }
        let single = try decoder.singleValueContainer()
        if single.decodeNil() { value = .null }
        else if let b = try? single.decode(Bool.self) { value = .bool(b) }
        else if let i = try? single.decode(Int64.self) { value = .int(i) }
        else if let d = try? single.decode(Double.self) { value = .double(d) }
        else { value = .string(try single.decode(String.self)) }
    }
}
