/// The start line and header fields of an HTTP/1.1 message (RFC 9112 §2–§5).
struct HTTP1Head {
    /// Request: method, target, version. Response: version, status code, reason.
    var startLine: (first: String, second: String, third: String)
    /// Header fields, names lowercased, values with surrounding white space removed.
    var headers: Metadata
    /// Bytes of the head including the blank line.
    var length: Int

    var isResponse: Bool { startLine.first.hasPrefix("HTTP/") }

    /// Parses a head at the start of `bytes`. Returns nil if the blank line has not arrived yet.
    /// Throws `.malformed` on a bad start line or field line, and the line/header limits when the
    /// head grows past `maxHeadSize` without ending. `scanned` remembers how far the search for
    /// the blank line got, so a head arriving byte by byte is scanned once (pass 0 for a new head).
    static func parse(_ bytes: UnsafeRawBufferPointer, maxHeadSize: Int, scanned: inout Int) throws(HTTP1HeadError) -> HTTP1Head? {
        guard let end = headEnd(bytes, from: max(0, scanned - 3)) else {
            scanned = bytes.count
            if bytes.count > maxHeadSize { throw .tooLarge(bytes.count) }
            return nil
        }
        scanned = 0
        if end > maxHeadSize { throw .tooLarge(end) }
        // Lines are walked in place (no array of lines); the metadata is sized once for them all.
        var lineCount = 0
        var i = 0
        while i + 1 < end {
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A { lineCount += 1; i += 2 } else { i += 1 }
        }
        var lineStart = 0
        func nextLine() -> UnsafeRawBufferPointer? {
            var i = lineStart
            while i + 1 < end {
                if bytes[i] == 0x0D && bytes[i + 1] == 0x0A {
                    let line = UnsafeRawBufferPointer(rebasing: bytes[lineStart..<i])
                    lineStart = i + 2
                    return line
                }
                i += 1
            }
            return nil
        }
        // Lines before the start line may be empty (RFC 9112 §2.2: ignore at least one CRLF).
        var startLine = nextLine()
        while let line = startLine, line.isEmpty { startLine = nextLine() }
        guard let start = startLine else { throw .malformed("no start line") }
        guard let firstSpace = start.firstIndex(of: 0x20) else { throw .malformed("start line without spaces") }
        let afterFirst = start[(firstSpace + 1)...]
        let secondSpace = afterFirst.firstIndex(of: 0x20)
        let text = { (part: Slice<UnsafeRawBufferPointer>) in String(decoding: part, as: UTF8.self) }
        var head = HTTP1Head(startLine: (text(start[..<firstSpace]), text(afterFirst[..<(secondSpace ?? afterFirst.endIndex)]),
                                         secondSpace.map { text(start[($0 + 1)...]) } ?? ""),
                             headers: Metadata(), length: end)
        head.headers.reserveCapacity(bytes: end, entries: lineCount)
        let isResponse = head.isResponse
        guard isResponse || head.startLine.third.hasPrefix("HTTP/") else { throw .malformed("start line is neither a request nor a status line") }
        while let line = nextLine() {
            guard !line.isEmpty else { continue }
            guard let colon = line.firstIndex(of: 0x3A), colon > 0 else { throw .malformed("header line without a name and colon") }
            let name = line[..<colon]
            guard !name.contains(0x20), !name.contains(0x09) else { throw .malformed("white space in a header name") }
            var value = line[(colon + 1)...]
            while let c = value.first, c == 0x20 || c == 0x09 { value = value.dropFirst() }
            while let c = value.last, c == 0x20 || c == 0x09 { value = value.dropLast() }
            head.headers.append(name: name, value: value, lowercasingName: true)
        }
        return head
    }

    /// The index just after the first CRLF CRLF, or nil.
    private static func headEnd(_ bytes: UnsafeRawBufferPointer, from start: Int) -> Int? {
        guard bytes.count >= 4 else { return nil }
        var i = start
        while i + 3 < bytes.count {
            if bytes[i + 3] != 0x0A { i += 1; continue }
            if bytes[i] == 0x0D && bytes[i + 1] == 0x0A && bytes[i + 2] == 0x0D { return i + 4 }
            i += 1
        }
        return nil
    }
}
