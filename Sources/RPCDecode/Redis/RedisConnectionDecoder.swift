/// Decodes one Redis connection (RESP2 and RESP3): each client command is a request (method = the
/// command name upper-cased, payload = the RESP array), each reply the response to the oldest
/// unanswered command, in order. Replies no command waits for — RESP3 pushes (`>`) and RESP2
/// pub/sub messages — are stream messages. Error replies carry status code -1.
public struct RedisConnectionDecoder: ConnectionDecoder {
    private let limits: DecodeLimits
    private var buffers = PerDirection(repeating: StreamBuffer())
    private var pending = PendingRequests()
    private var progress = PerDirection(repeating: RESPFraming.Progress())
    private var failure: DecodeError?

    public init(limits: DecodeLimits = DecodeLimits()) {
        self.limits = limits
    }

    public mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                                 from direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        // This direction's buffer and framing progress are moved out for the feed and back after
        // it (unique, so growing them copies nothing; and reached without an accessor per value).
        var buffer = buffers[direction]
        buffers[direction] = StreamBuffer()
        var progress = self.progress[direction]
        self.progress[direction] = RESPFraming.Progress()
        defer {
            buffers[direction] = buffer
            self.progress[direction] = progress
        }
        do throws(DecodeError) {
            try buffer.feed(bytes, at: offset, wire: .redis, direction: direction) { (input, base) throws(DecodeError) -> Int in
                var used = 0
                while used < input.count {
                    let end: Int?
                    let isInline = direction == .clientToServer && input[used] != UInt8(ascii: "*")
                    do throws(RESPFraming.Failure) {
                        if isInline {
                            end = try RESPFraming.lineEnd(input, from: used, limits: limits).map { $0 + 2 }
                        } else {
                            end = try RESPFraming.valueEnd(input, from: used, progress: &progress, limits: limits)
                        }
                    } catch {
                        throw DecodeError(wire: .redis, direction: direction, offset: base + UInt64(error.index), reason: error.reason)
                    }
                    guard let end else { break }
                    let value = UnsafeRawBufferPointer(rebasing: input[used..<end])
                    try emit(value, isInline ? RESPArguments() : progress.arguments, direction,
                             endOffset: base + UInt64(end - 1), sink: &sink)
                    used = end
                }
                return used
            }
        } catch {
            failure = error
            throw error
        }
    }

    private mutating func emit<Sink: MessageSink>(_ value: UnsafeRawBufferPointer, _ arguments: RESPArguments, _ direction: Direction,
                                                  endOffset: UInt64, sink: inout Sink) throws(DecodeError) {
        if direction == .clientToServer {
            // An empty inline line is allowed (and ignored) by Redis.
            guard let name = arguments.argument(0, in: value) else { return }
            let method = RESPScanner.commandName(name)
            let ordinal = pending.nextOrdinal
            guard pending.push(service: "redis", method: method, limit: limits.maxPipelinedRequests) else {
                throw DecodeError(wire: .redis, direction: direction, offset: endOffset,
                                  reason: .limitExceeded(.maxPipelinedRequests, value: pending.count + 1))
            }
            sink.receive(RPCMessage(wire: .redis, service: "redis", method: method, kind: .request, direction: direction,
                                    streamID: ordinal, endOffset: endOffset, payloadEncoding: .resp, payload: value,
                                    respArguments: arguments))
            return
        }
        let isError = value.first == UInt8(ascii: "-") || value.first == UInt8(ascii: "!")
        let status: RPCStatus
        if isError, case .string(let text) = RESPDecoder.decode(value) {
            status = RPCStatus(code: -1, message: text)
        } else {
            status = RPCStatus(code: 0, message: "")
        }
        if value.first != UInt8(ascii: ">"), let request = pending.pop() {
            sink.receive(RPCMessage(wire: .redis, service: request.service, method: request.method, kind: .response,
                                    direction: direction, streamID: request.ordinal, endOffset: endOffset, status: status,
                                    payloadEncoding: .resp, payload: value))
        } else {
            let kind = RESPScanner.argument(0, in: value).map(RESPScanner.commandName) ?? "PUSH"
            sink.receive(RPCMessage(wire: .redis, service: "redis", method: kind, kind: .streamMessage, direction: direction,
                                    streamID: pending.nextOrdinal, endOffset: endOffset, status: status,
                                    payloadEncoding: .resp, payload: value))
        }
    }

    public mutating func finish<Sink: MessageSink>(_ direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        if buffers[direction].pendingCount > 0 {
            throw DecodeError(wire: .redis, direction: direction, offset: buffers[direction].nextOffset, reason: .truncated)
        }
    }
}
