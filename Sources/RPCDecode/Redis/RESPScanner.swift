/// The fast path for Redis commands: the i-th argument (0 = the command name) of a command's
/// payload, as bytes inside the payload, without allocating. Handles RESP arrays of bulk strings
/// (what clients send) and inline commands.
public enum RESPScanner {
    /// The number of arguments, including the command name: the array's declared length (the
    /// decoder has framed the whole array), or the words of an inline command.
    public static func argumentCount(in payload: UnsafeRawBufferPointer) -> Int {
        guard payload.first == UInt8(ascii: "*") else {
            var count = 0
            while inlineArgument(count, in: payload) != nil { count += 1 }
            return count
        }
        guard let countEnd = crlf(payload, from: 1), let count = number(payload, 1, countEnd) else { return 0 }
        return max(count, 0)
    }

    /// The value of a reply that is one scalar; nil for errors, aggregates (arrays, maps, sets,
    /// pushes), doubles and malformed input.
    public static func scalarReply(in payload: UnsafeRawBufferPointer) -> RESPScalar? {
        guard let type = payload.first, let lineEnd = crlf(payload, from: 1) else { return nil }
        switch type {
        case UInt8(ascii: "+"), UInt8(ascii: "("):
            return .text(UnsafeRawBufferPointer(rebasing: payload[1..<lineEnd]))
        case UInt8(ascii: ":"):
            return number(payload, 1, lineEnd).map(RESPScalar.integer)
        case UInt8(ascii: "#"):
            guard lineEnd == 2 else { return nil }
            return payload[1] == UInt8(ascii: "t") ? .boolean(true) : payload[1] == UInt8(ascii: "f") ? .boolean(false) : nil
        case UInt8(ascii: "_"):
            return .null
        case UInt8(ascii: "$"), UInt8(ascii: "="), UInt8(ascii: "*"):
            guard let length = number(payload, 1, lineEnd) else { return nil }
            if length < 0 { return .null }
            guard type != UInt8(ascii: "*") else { return nil }
            let skip = type == UInt8(ascii: "=") ? 4 : 0  // verbatim strings start with a 3-letter format and ':'
            let start = lineEnd + 2 + skip
            guard length >= skip, payload.count - (lineEnd + 2) >= length else { return nil }
            return .text(UnsafeRawBufferPointer(rebasing: payload[start..<(lineEnd + 2 + length)]))
        default:
            return nil
        }
    }

    /// A command name as Redis matches it: ASCII letters upper-cased, other bytes kept (Redis
    /// folds ASCII case only). Names of up to 15 bytes allocate nothing.
    public static func commandName(_ bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: bytes.count) { name in
            for (i, byte) in bytes.enumerated() { name[i] = byte &- 0x61 < 26 ? byte &- 0x20 : byte }
            return bytes.count
        }
    }

    /// `bytes` as a decimal integer (optional `-`, at most 18 digits), nil if it is not one.
    public static func integer(_ bytes: UnsafeRawBufferPointer) -> Int? {
        number(bytes, 0, bytes.count)
    }

    /// Argument `index` of the command in `payload`, or nil if there is none.
    public static func argument(_ index: Int, in payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard let first = payload.first else { return nil }
        guard first == UInt8(ascii: "*") else { return inlineArgument(index, in: payload) }
        guard let countEnd = crlf(payload, from: 1), let count = number(payload, 1, countEnd), index < count else { return nil }
        var i = countEnd + 2
        var n = 0
        while true {
            guard i < payload.count, payload[i] == UInt8(ascii: "$"),
                  let lengthEnd = crlf(payload, from: i + 1), let length = number(payload, i + 1, lengthEnd), length >= 0 else { return nil }
            let start = lengthEnd + 2
            guard payload.count - start >= length else { return nil }
            if n == index { return UnsafeRawBufferPointer(rebasing: payload[start..<(start + length)]) }
            i = start + length + 2
            n += 1
        }
    }

    private static func inlineArgument(_ index: Int, in payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var n = 0
        var i = 0
        let end = crlf(payload, from: 0) ?? payload.count
        while i < end {
            while i < end, payload[i] == 0x20 || payload[i] == 0x09 { i += 1 }
            guard i < end else { return nil }
            let start = i
            while i < end, payload[i] != 0x20, payload[i] != 0x09 { i += 1 }
            if n == index { return UnsafeRawBufferPointer(rebasing: payload[start..<i]) }
            n += 1
        }
        return nil
    }

    @inline(__always)
    private static func crlf(_ bytes: UnsafeRawBufferPointer, from: Int) -> Int? {
        var i = from
        while i + 1 < bytes.count {
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A { return i }
            i += 1
        }
        return nil
    }

    @inline(__always)
    private static func number(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) -> Int? {
        try? RESPFraming.integer(bytes, from, to)
    }
}
