/// Finds where one RESP2/RESP3 value ends, resuming across feeds, (Redis serialization protocol spec), without decoding
/// it: the wire grammar the `RedisConnectionDecoder` frames messages with.
///
/// Also recognizes inline commands (a client line not starting with `*`).
enum RESPFraming {
    /// A framing problem at an index of the buffer.
    struct Failure: Error {
        var index: Int
        var reason: DecodeError.Reason
    }

    /// How far framing of an incomplete value got, so the next call resumes there instead of
    /// rescanning the value from its start (a drip-fed aggregate costs linear, not quadratic, time).
    struct Progress {
        /// Bytes of the value already framed, from its first byte; 0 between values.
        var framed = 0
        /// How many elements the innermost open aggregate still needs (1 for the value itself
        /// before its first line).
        var needed = 1
        /// The same count for each enclosing aggregate, outermost first. Touched only when an
        /// aggregate opens or closes, so a flat command or a scalar reply costs no array
        /// operation; its storage is reused, so framing allocates nothing once it has grown.
        var enclosing: [Int] = []
        /// The value's array elements as far as framed (a command's name and first arguments),
        /// for its reader; cleared when the next value starts.
        var arguments = RESPArguments()

        /// Nesting depth of the element framed next (1 = the value itself).
        var depth: Int { enclosing.count + 1 }
    }

    /// The index just after the value starting at `start`, or nil if it is not complete yet (then
    /// `progress` holds where to resume; pass it back unchanged with the same `start`).
    static func valueEnd(_ bytes: UnsafeRawBufferPointer, from start: Int, progress: inout Progress,
                         limits: DecodeLimits) throws(Failure) -> Int? {
        if progress.framed == 0 {
            progress.arguments.clear()
            if let end = commonValueEnd(bytes, from: start, arguments: &progress.arguments, limits: limits) { return end }
        }
        var index = start + progress.framed
        // The innermost count lives in a register while framing; `progress` gets it back on return.
        var needed = progress.needed
        defer { progress.needed = needed }
        while true {
            guard index < bytes.count, let lineEnd = try lineEnd(bytes, from: index, limits: limits) else {
                progress.framed = index - start
                return nil
            }
            let next = lineEnd + 2
            var children = 0
            let type = bytes[index]
            // An element of the outermost array: its bulk strings are a command's arguments.
            let isArgument = progress.arguments.isArray && progress.enclosing.count == 1
            var bulkLength: Int?
            switch type {
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "#"),
                 UInt8(ascii: "("), UInt8(ascii: "_"):
                index = next
            case UInt8(ascii: "$"), UInt8(ascii: "!"), UInt8(ascii: "="):
                let length = try integer(bytes, index + 1, lineEnd)
                if length >= 0 {
                    guard length <= limits.maxMessageSize else {
                        throw Failure(index: index, reason: .limitExceeded(.maxMessageSize, value: length))
                    }
                    guard bytes.count - next >= length + 2 else {
                        progress.framed = index - start
                        return nil
                    }
                    guard bytes[next + length] == 0x0D, bytes[next + length + 1] == 0x0A else {
                        throw Failure(index: next + length, reason: .malformed("bulk string not followed by CRLF"))
                    }
                    if type == UInt8(ascii: "$") { bulkLength = length }
                    index = next + length + 2
                } else {
                    index = next
                }
            case UInt8(ascii: "*"), UInt8(ascii: "~"), UInt8(ascii: ">"), UInt8(ascii: "%"), UInt8(ascii: "|"):
                let count = try integer(bytes, index + 1, lineEnd)
                guard count <= limits.maxElements else {
                    throw Failure(index: index, reason: .limitExceeded(.maxElements, value: count))
                }
                // The value's first line: a command's array header (as `RESPScanner` reads one).
                if type == UInt8(ascii: "*") && index == start { progress.arguments.beginArray(count: count) }
                let isPairs = type == UInt8(ascii: "%") || type == UInt8(ascii: "|")
                children = max(count, 0) * (isPairs ? 2 : 1)
                // An attribute annotates the value that follows it at the same level: one reply.
                if type == UInt8(ascii: "|") { needed += 1 }
                index = next
            default:
                throw Failure(index: index, reason: .malformed("RESP type byte 0x\(String(type, radix: 16))"))
            }
            if isArgument { progress.arguments.element(start: next - start, length: bulkLength) }
            needed -= 1
            if children > 0 {
                guard progress.depth < limits.maxNestingDepth else {
                    throw Failure(index: index, reason: .limitExceeded(.maxNestingDepth, value: progress.depth))
                }
                progress.enclosing.append(needed)
                needed = children
            }
            while needed == 0 {
                guard let outer = progress.enclosing.popLast() else {
                    // The value is complete: the next one starts afresh.
                    progress.framed = 0
                    needed = 1
                    return index
                }
                needed = outer
            }
        }
    }

    /// The index just after the value starting at `start` when it is one of the two forms nearly all
    /// traffic has — a command (an array of bulk strings) or a bulk string reply — and lies whole in
    /// `bytes`, framed in one pass with the command's arguments recorded; nil for anything else,
    /// which `valueEnd` then frames line by line (with its errors, limits and resumption: this
    /// accepts only what that would accept, and gives up on the rest).
    @inline(__always)
    static func commonValueEnd(_ bytes: UnsafeRawBufferPointer, from start: Int, arguments: inout RESPArguments,
                               limits: DecodeLimits) -> Int? {
        guard start < bytes.count else { return nil }
        if bytes[start] == UInt8(ascii: "$") {
            guard let (length, data) = lengthLine(bytes, from: start, type: UInt8(ascii: "$"), limits: limits) else { return nil }
            // A null bulk string (`$-1`, the reply to a GET of a missing key) is its line alone.
            if length < 0 { return data }
            return isWholeBulkString(bytes, length: length, at: data, limits: limits) ? data + length + 2 : nil
        }
        guard let (count, first) = lengthLine(bytes, from: start, type: UInt8(ascii: "*"), limits: limits),
              count > 0, count <= limits.maxElements, limits.maxNestingDepth > 1 else { return nil }
        arguments.beginArray(count: count)
        var index = first
        for _ in 0..<count {
            guard let (length, data) = lengthLine(bytes, from: index, type: UInt8(ascii: "$"), limits: limits),
                  isWholeBulkString(bytes, length: length, at: data, limits: limits) else { return nil }
            arguments.element(start: data - start, length: length)
            index = data + length + 2
        }
        return index
    }

    /// Whether a bulk string of `length` bytes from `data` (after its length line) lies whole in
    /// `bytes` with its CRLF, its length non-negative and within the limits.
    @inline(__always)
    private static func isWholeBulkString(_ bytes: UnsafeRawBufferPointer, length: Int, at data: Int, limits: DecodeLimits) -> Bool {
        length >= 0 && length <= limits.maxMessageSize && bytes.count - data >= length + 2
            && bytes[data + length] == 0x0D && bytes[data + length + 1] == 0x0A
    }

    /// The line at `start` if it is `type` and an optional minus and 1 to 18 decimal digits (what
    /// `integer` reads), CRLF-terminated within `bytes` and the line length limit: the number and
    /// the index after the CRLF; nil otherwise.
    @inline(__always)
    private static func lengthLine(_ bytes: UnsafeRawBufferPointer, from start: Int, type: UInt8,
                                   limits: DecodeLimits) -> (value: Int, next: Int)? {
        guard start < bytes.count, bytes[start] == type else { return nil }
        let (value, first, end) = signedDigits(bytes, from: start + 1, to: bytes.count)
        guard end > first, end - start <= limits.maxLineLength, bytes.count - end >= 2,
              bytes[end] == 0x0D, bytes[end + 1] == 0x0A else { return nil }
        return (value, end + 2)
    }

    /// The index of the CR of the line starting at `start`, or nil if the CRLF has not arrived.
    static func lineEnd(_ bytes: UnsafeRawBufferPointer, from start: Int, limits: DecodeLimits) throws(Failure) -> Int? {
        var i = start
        let stop = min(bytes.count, start + limits.maxLineLength + 2)
        while i + 1 < stop {
            if bytes[i] == 0x0D {
                guard bytes[i + 1] == 0x0A else { throw Failure(index: i, reason: .malformed("CR not followed by LF")) }
                return i
            }
            i += 1
        }
        if stop < bytes.count || bytes.count - start > limits.maxLineLength + 1 {
            throw Failure(index: start, reason: .limitExceeded(.maxLineLength, value: bytes.count - start))
        }
        return nil
    }

    /// A decimal integer between `from` and `to` (a length or count line). Inlined: framing a
    /// command reads several, and the call cost more than the digits.
    @inline(__always)
    static func integer(_ bytes: UnsafeRawBufferPointer, _ from: Int, _ to: Int) throws(Failure) -> Int {
        let (value, first, end) = signedDigits(bytes, from: from, to: to)
        guard first < to, to - first <= 18 else { throw Failure(index: from, reason: .malformed("bad RESP length")) }
        guard end == to else { throw Failure(index: end, reason: .malformed("bad RESP length")) }
        return value
    }

    /// An optional minus at `start`, then decimal digits until `end`, the first non-digit or
    /// after the 18th digit, whichever comes first: their value (negated after a minus), the
    /// index of the first digit, and the index after the last one read.
    @inline(__always)
    private static func signedDigits(_ bytes: UnsafeRawBufferPointer, from start: Int, to end: Int) -> (value: Int, first: Int, end: Int) {
        let negative = start < end && bytes[start] == UInt8(ascii: "-")
        let first = negative ? start + 1 : start
        var i = first
        var value = 0
        let stop = min(end, first + 18)
        while i < stop {
            let digit = bytes[i] &- 0x30
            guard digit < 10 else { break }
            value = value * 10 + Int(digit)
            i += 1
        }
        return (negative ? -value : value, first, i)
    }
}
