/// Decodes one HTTP/1.1 connection: requests and responses with keep-alive and pipelining,
/// bodies by `Content-Length`, chunked transfer coding (with trailers) or connection close
/// (RFC 9112). Each request is a message when its body is complete; each response is paired with
/// the oldest unanswered request. `Upgrade`/`CONNECT` tunnels end decoding with a stated error.
///
/// Hand-written: Debian 12 packages no llhttp, http-parser is unmaintained, and NIOHTTP1 has no
/// channel-free decoder. Bodies are buffered whole up to `maxMessageSize` (the enforcer checks a
/// message when it is complete) in storage reused across messages.
public struct HTTP1ConnectionDecoder: ConnectionDecoder {
    /// One direction's parsing state.
    private struct Side {
        var buffer = StreamBuffer()
        var state = HTTP1MessageState.head
        var headScanned = 0
        var head: HTTP1Head?
        var body: [UInt8] = []
        var trailerStart = 0
    }

    private let limits: DecodeLimits
    private var sides = PerDirection(repeating: Side())
    private var pending = PendingRequests()
    private var failure: DecodeError?

    public init(limits: DecodeLimits = DecodeLimits()) {
        self.limits = limits
    }

    public mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                                 from direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        var side = sides[direction]
        sides[direction] = Side()
        defer { sides[direction] = side }
        var buffer = side.buffer
        side.buffer = StreamBuffer()
        defer { side.buffer = buffer }
        do throws(DecodeError) {
            try buffer.feed(bytes, at: offset, wire: .http1, direction: direction) { (input, base) throws(DecodeError) -> Int in
                var used = 0
                while used < input.count {
                    let n = try step(&side, UnsafeRawBufferPointer(rebasing: input[used...]), base + UInt64(used), direction, &sink)
                    if n == 0 { break }
                    used += n
                }
                return used
            }
        } catch {
            failure = error
            throw error
        }
    }

    public mutating func finish<Sink: MessageSink>(_ direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        var side = sides[direction]
        if case .untilClose = side.state, let head = side.head {
            // The close ends the body: the response is complete.
            try emit(head, &side, direction, endOffset: side.buffer.nextOffset &- 1, &sink)
            sides[direction] = side
            return
        }
        if side.buffer.pendingCount > 0 || side.head != nil {
            throw DecodeError(wire: .http1, direction: direction, offset: side.buffer.nextOffset, reason: .truncated)
        }
    }

    private func error(_ direction: Direction, _ offset: UInt64, _ reason: DecodeError.Reason) -> DecodeError {
        DecodeError(wire: .http1, direction: direction, offset: offset, reason: reason)
    }

    /// Consumes what it can from `input` in the current state; 0 if more bytes are needed.
    private mutating func step<Sink: MessageSink>(_ side: inout Side, _ input: UnsafeRawBufferPointer, _ offset: UInt64,
                                                  _ direction: Direction, _ sink: inout Sink) throws(DecodeError) -> Int {
        switch side.state {
        case .head:
            let parsed: HTTP1Head
            do throws(HTTP1HeadError) {
                guard let head = try HTTP1Head.parse(input, maxHeadSize: limits.maxHeaderListSize, scanned: &side.headScanned) else { return 0 }
                parsed = head
            } catch {
                switch error {
                case .tooLarge(let size): throw self.error(direction, offset, .limitExceeded(.maxHeaderListSize, value: size))
                case .malformed(let what): throw self.error(direction, offset, .malformed(what))
                }
            }
            guard parsed.isResponse == (direction == .serverToClient) else {
                throw error(direction, offset, .malformed(direction == .clientToServer ? "a status line from the client" : "a request line from the server"))
            }
            side.head = parsed
            side.body.removeAll(keepingCapacity: true)
            let endOffset = offset + UInt64(parsed.length) - 1
            try startBody(&side, parsed, direction, at: offset, endOffset: endOffset, &sink)
            return parsed.length
        case .body(let remaining):
            let take = min(remaining, input.count)
            side.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[..<take]))
            if take == remaining, let head = side.head {
                try emit(head, &side, direction, endOffset: offset + UInt64(take) - 1, &sink)
            } else {
                side.state = .body(remaining: remaining - take)
            }
            return take
        case .untilClose:
            try checkSize(side.body.count + input.count, direction, offset)
            side.body.append(contentsOf: input)
            return input.count
        case .chunkSize:
            guard let lineEnd = try line(input, direction, offset) else { return 0 }
            var size = 0
            var digits = 0
            for b in input[..<lineEnd] {
                guard let digit = PercentDecoding.hexValue(b) else { break }
                size = size << 4 | Int(digit)
                digits += 1
                guard digits <= 8 else { throw error(direction, offset, .malformed("chunk size too long")) }
            }
            guard digits > 0 else { throw error(direction, offset, .malformed("chunk size is not hexadecimal")) }
            try checkSize(side.body.count + size, direction, offset)
            side.state = size == 0 ? .trailers : .chunkData(remaining: size)
            side.trailerStart = 0
            return lineEnd + 2
        case .chunkData(let remaining):
            let take = min(remaining, input.count)
            side.body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[..<take]))
            side.state = take == remaining ? .chunkEnd : .chunkData(remaining: remaining - take)
            return take
        case .chunkEnd:
            guard input.count >= 2 else { return 0 }
            guard input[0] == 0x0D, input[1] == 0x0A else { throw error(direction, offset, .malformed("chunk data not followed by CRLF")) }
            side.state = .chunkSize
            return 2
        case .trailers:
            guard let lineEnd = try line(input, direction, offset) else { return 0 }
            if lineEnd > 0, var head = side.head {
                let text = UnsafeRawBufferPointer(rebasing: input[..<lineEnd])
                if let colon = text.firstIndex(of: 0x3A) {
                    let value = text[(colon + 1)...].drop { $0 == 0x20 || $0 == 0x09 }
                    head.headers.append(name: text[..<colon], value: value, lowercasingName: true)
                    side.head = head
                }
                side.trailerStart += lineEnd + 2
                guard side.trailerStart <= limits.maxHeaderListSize else {
                    throw error(direction, offset, .limitExceeded(.maxHeaderListSize, value: side.trailerStart))
                }
                return lineEnd + 2
            }
            if let head = side.head { try emit(head, &side, direction, endOffset: offset + 1, &sink) }
            return 2
        }
    }

    /// Decides how the body of the message whose head was just read is delimited (RFC 9112 §6.3).
    private mutating func startBody<Sink: MessageSink>(_ side: inout Side, _ head: HTTP1Head, _ direction: Direction,
                                                       at offset: UInt64, endOffset: UInt64, _ sink: inout Sink) throws(DecodeError) {
        let isResponse = direction == .serverToClient
        if isResponse {
            let status = Int(head.startLine.second) ?? 0
            if status == 101 || (status / 100 == 2 && pending.first?.method.hasPrefix("CONNECT ") == true) {
                throw error(direction, offset, .malformed("connection switched to \(head.headers.string(named: "upgrade") ?? "a tunnel"); later bytes are not HTTP/1.1"))
            }
            if status / 100 == 1 {
                // An interim response (100 Continue): the final one follows.
                side.head = nil
                side.state = .head
                return
            }
            if status == 204 || status == 304 || pending.first?.method.hasPrefix("HEAD ") == true {
                try emit(head, &side, direction, endOffset: endOffset, &sink)
                return
            }
        }
        if let coding = head.headers.string(named: "transfer-encoding") {
            guard coding.lowercased().split(separator: ",").last?.trimmingSpaces == "chunked" else {
                if isResponse { side.state = .untilClose; return }
                throw error(direction, offset, .malformed("request with transfer coding \(coding) but not chunked last"))
            }
            side.state = .chunkSize
            return
        }
        if let lengthText = head.headers.string(named: "content-length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw error(direction, offset, .malformed("Content-Length \"\(lengthText)\""))
            }
            try checkSize(length, direction, offset)
            if length == 0 {
                try emit(head, &side, direction, endOffset: endOffset, &sink)
            } else {
                side.state = .body(remaining: length)
            }
            return
        }
        if isResponse {
            side.state = .untilClose
        } else {
            try emit(head, &side, direction, endOffset: endOffset, &sink)
        }
    }

    private func checkSize(_ size: Int, _ direction: Direction, _ offset: UInt64) throws(DecodeError) {
        guard size <= limits.maxMessageSize else { throw error(direction, offset, .limitExceeded(.maxMessageSize, value: size)) }
    }

    /// The index of the CR ending the line at the start of `input`, nil if it has not arrived.
    private func line(_ input: UnsafeRawBufferPointer, _ direction: Direction, _ offset: UInt64) throws(DecodeError) -> Int? {
        var i = 0
        while i + 1 < input.count {
            if input[i] == 0x0D && input[i + 1] == 0x0A { return i }
            i += 1
            if i > limits.maxLineLength { throw error(direction, offset, .limitExceeded(.maxLineLength, value: i)) }
        }
        return nil
    }

    private mutating func emit<Sink: MessageSink>(_ head: HTTP1Head, _ side: inout Side, _ direction: Direction,
                                                  endOffset: UInt64, _ sink: inout Sink) throws(DecodeError) {
        side.state = .head
        side.head = nil
        let contentType = head.headers.string(named: "content-type")?.lowercased() ?? ""
        let encoding: PayloadEncoding = contentType.hasPrefix("application/json") || contentType.contains("+json") ? .json
            : contentType.hasPrefix("application/x-www-form-urlencoded") ? .form : .opaque
        let body = side.body
        if direction == .clientToServer {
            let method = "\(head.startLine.first) \(head.startLine.second)"
            let service = head.headers.string(named: "host") ?? ""
            let ordinal = pending.nextOrdinal
            guard pending.push(service: service, method: method, limit: limits.maxPipelinedRequests) else {
                throw error(direction, endOffset, .limitExceeded(.maxPipelinedRequests, value: pending.count + 1))
            }
            body.withUnsafeBytes { payload in
                sink.receive(RPCMessage(wire: .http1, service: service, method: method, kind: .request, direction: direction,
                                        streamID: ordinal, endOffset: endOffset, metadata: head.headers,
                                        payloadEncoding: encoding, payload: payload))
            }
        } else {
            let request = pending.pop()
            let status = RPCStatus(code: Int(head.startLine.second) ?? 0, message: head.startLine.third)
            body.withUnsafeBytes { payload in
                sink.receive(RPCMessage(wire: .http1, service: request?.service ?? "", method: request?.method ?? "",
                                        kind: .response, direction: direction, streamID: request?.ordinal ?? pending.nextOrdinal,
                                        endOffset: endOffset, metadata: head.headers, status: status,
                                        payloadEncoding: encoding, payload: payload))
            }
        }
    }
}
