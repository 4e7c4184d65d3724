/// The meaning of an HTTP/2 connection's frames as gRPC calls (or plain HTTP/2 exchanges): pairs
/// both directions of each stream by stream id, reassembles length-prefixed messages,
/// decompresses them, and emits `RPCMessage`s.
///
/// Stream lifecycle: created by the client's HEADERS, removed when both directions have ended,
/// either side reset it, or the server's GOAWAY abandoned it. A call removed before its response
/// ended is reported once more, as `reset` or `abandoned` (see `MessageKind`). Frames for streams
/// already removed (in flight after RST_STREAM or GOAWAY) are ignored, as RFC 9113 §5.1 and §6.8
/// allow; frames for streams never opened are errors.
struct GRPCCallTable: HTTP2FrameHandler {
    private let limits: DecodeLimits
    /// Open streams by id. A call's frames mostly follow one another on its stream, so most
    /// lookups find the stream of the one before.
    private var streams = RecentEntryMap<UInt32, GRPCStream>()
    /// Streams of ended calls, kept for the next calls (at most `maxSpareStreams`).
    private var spareStreams: [GRPCStream] = []
    private static let maxSpareStreams = 64
    /// The highest client stream id seen (client streams are opened in increasing order, §5.1.1).
    private var lastClientStream: UInt32 = 0
    /// The last stream id of the latest GOAWAY each side sent (it never increases, RFC 9113 §6.8).
    private var goAwayLastStream = PerDirection<UInt32?>(repeating: nil)
    /// Rapid-reset accounting: streams opened and early resets within the current window.
    private var streamsInWindow = 0
    private var resetsInWindow = 0
    private var decompressor: GRPCDecompressor?
    private var methodNames = GRPCMethodNames()

    init(limits: DecodeLimits) {
        self.limits = limits
    }

    /// Whether any open stream holds part of a message of `direction`.
    func isMidMessage(_ direction: Direction) -> Bool {
        streams.values.contains { $0.assemblers[direction].isMidMessage }
    }

    private func error(_ direction: Direction, _ offset: UInt64, _ reason: DecodeError.Reason) -> DecodeError {
        DecodeError(wire: .grpc, direction: direction, offset: offset, reason: reason)
    }

    mutating func headers<Sink: MessageSink>(_ headers: inout Metadata, stream id: UInt32, endStream: Bool, endOffset: UInt64,
                                             direction: Direction, sink: inout Sink) throws(DecodeError) {
        // Client stream ids only increase (§5.1.1): one above the last is not open yet.
        var found = direction == .clientToServer && id > lastClientStream ? nil : streams.value(for: id)
        if direction == .clientToServer, found == nil {
            let opened = try open(id, &headers, at: endOffset)
            if let last = goAwayLastStream.serverToClient, id > last {
                // Opened after the server's GOAWAY, which said it ignores such streams (RFC 9113 §6.8).
                endedEarly(opened, id, .abandoned, direction, at: endOffset, sink: &sink)
                return recycle(opened)
            }
            streams.insert(opened, for: id)
            found = opened
        }
        guard let stream = found else {
            if id <= lastClientStream { return }
            throw error(direction, endOffset, .malformed("HEADERS for stream \(id), which the client never opened"))
        }
        defer { retireIfEnded(id, stream) }
        if direction == .serverToClient {
            if !stream.sawResponseHeaders && !endStream {
                stream.sawResponseHeaders = true
                stream.compression.serverToClient = GRPCCompression(headers.string(named: "grpc-encoding"))
                Self.keep(&headers, in: &stream.responseHeaders, decodingBinary: true)
            } else if stream.isGRPC {
                let trailers = GRPCBinaryMetadata.normalize(headers)
                sink.receive(RPCMessage(wire: .grpc, service: stream.service, method: stream.method, kind: .trailers,
                                        direction: direction, streamID: UInt64(id), endOffset: endOffset,
                                        metadata: trailers, status: GRPCStatusParser.status(in: trailers)))
            } else if !stream.sawResponseHeaders {
                stream.sawResponseHeaders = true
                Self.keep(&headers, in: &stream.responseHeaders, decodingBinary: false)
            }
        }
        if endStream { try end(stream, id, direction, at: endOffset, sink: &sink) }
    }

    /// A new stream from the client's first HEADERS.
    private mutating func open(_ id: UInt32, _ headers: inout Metadata, at offset: UInt64) throws(DecodeError) -> GRPCStream {
        guard id > lastClientStream, id & 1 == 1 else {
            throw error(.clientToServer, offset, .malformed("HEADERS opening stream \(id) after stream \(lastClientStream) (RFC 9113 §5.1.1)"))
        }
        guard streams.count < limits.maxConcurrentStreams else {
            throw error(.clientToServer, offset, .limitExceeded(.maxConcurrentStreams, value: streams.count + 1))
        }
        lastClientStream = id
        streamsInWindow += 1
        if streamsInWindow >= DecodeLimits.rapidResetWindow {
            streamsInWindow = 0
            resetsInWindow = 0
        }
        let stream = spareStreams.popLast() ?? GRPCStream()
        // Compared as bytes: no strings are made for the headers of a call on the common path.
        let contentType = headers.value(named: "content-type") ?? []
        let isProtobuf = contentType.isEqual(to: "application/grpc") || contentType.hasPrefix("application/grpc;")
            || contentType.hasPrefix("application/grpc+proto")
        stream.isGRPC = isProtobuf || contentType.hasPrefix("application/grpc+")
        let path = headers.value(named: ":path") ?? []
        if stream.isGRPC {
            guard let names = methodNames.names(for: path) else {
                let text = String(decoding: path, as: UTF8.self)
                throw error(.clientToServer, offset, .malformed("gRPC :path \"\(text)\" is not /Service/Method"))
            }
            (stream.service, stream.method) = names
            stream.payloadEncoding = contentType.hasPrefix("application/grpc+json") ? .json : isProtobuf ? .protobuf : .opaque
            stream.compression.clientToServer = GRPCCompression(headers.string(named: "grpc-encoding"))
        } else {
            let contentType = String(decoding: contentType, as: UTF8.self)
            stream.service = headers.string(named: ":authority") ?? ""
            stream.method = "\(headers.string(named: ":method") ?? "") \(String(decoding: path, as: UTF8.self))"
            stream.payloadEncoding = contentType.hasPrefix("application/json") ? .json
                : contentType.hasPrefix("application/x-www-form-urlencoded") ? .form : .opaque
        }
        Self.keep(&headers, in: &stream.requestHeaders, decodingBinary: stream.isGRPC)
        return stream
    }

    /// Moves a decoded header block into a stream's `kept` headers and hands the frame decoder
    /// their old storage to refill: no bytes are copied, unless gRPC `-bin` values are to be
    /// decoded (which builds the block anew).
    private static func keep(_ block: inout Metadata, in kept: inout Metadata, decodingBinary: Bool) {
        if decodingBinary && GRPCBinaryMetadata.containsBinary(block) {
            kept.replaceContents(with: GRPCBinaryMetadata.normalize(block))
        } else {
            swap(&block, &kept)
        }
    }

    /// `direction` of `stream` ended (END_STREAM).
    private mutating func end<Sink: MessageSink>(_ stream: GRPCStream, _ id: UInt32, _ direction: Direction,
                                                 at offset: UInt64, sink: inout Sink) throws(DecodeError) {
        guard !stream.assemblers[direction].isMidMessage else {
            throw error(direction, offset, .malformed("stream \(id) ended inside a gRPC message"))
        }
        stream.ended[direction] = true
        let isRequest = direction == .clientToServer
        if stream.isGRPC {
            // A client stream with no message still is a call (client streaming with nothing to send).
            guard isRequest, stream.messageCounts.clientToServer == 0 else { return }
            sink.receive(RPCMessage(wire: .grpc, service: stream.service, method: stream.method, kind: .request,
                                    direction: direction, streamID: UInt64(id), endOffset: offset,
                                    metadata: stream.requestHeaders, payloadEncoding: stream.payloadEncoding))
            return
        }
        let status = isRequest ? nil : stream.responseHeaders.string(named: ":status").flatMap { Int($0) }
        let metadata = isRequest ? stream.requestHeaders : stream.responseHeaders
        let encoding = stream.payloadEncoding
        let service = stream.service, method = stream.method
        stream.bodies[direction].withUnsafeBytes { body in
            sink.receive(RPCMessage(wire: .http2, service: service, method: method,
                                    kind: isRequest ? .request : .response, direction: direction, streamID: UInt64(id),
                                    endOffset: offset, metadata: metadata, status: status.map { RPCStatus(code: $0, message: "") },
                                    payloadEncoding: isRequest ? encoding : .opaque, payload: body))
        }
    }

    mutating func data<Sink: MessageSink>(_ payload: UnsafeRawBufferPointer, stream id: UInt32, endStream: Bool,
                                          payloadOffset: UInt64, frameEndOffset: UInt64,
                                          direction: Direction, sink: inout Sink) throws(DecodeError) {
        guard let stream = streams.value(for: id) else {
            if id <= lastClientStream { return }
            throw error(direction, frameEndOffset, .malformed("DATA for stream \(id), which the client never opened"))
        }
        defer { retireIfEnded(id, stream) }
        guard !stream.ended[direction] else {
            throw error(direction, frameEndOffset, .malformed("DATA on stream \(id) after END_STREAM"))
        }
        if stream.isGRPC {
            try messages(in: payload, at: payloadOffset, of: stream, id, direction, sink: &sink)
        } else {
            guard stream.bodies[direction].count + payload.count <= limits.maxMessageSize else {
                throw error(direction, frameEndOffset, .limitExceeded(.maxMessageSize, value: stream.bodies[direction].count + payload.count))
            }
            stream.bodies[direction].append(contentsOf: payload)
        }
        if endStream { try end(stream, id, direction, at: frameEndOffset, sink: &sink) }
    }

    /// Emits every gRPC message that `payload` completes.
    private mutating func messages<Sink: MessageSink>(in payload: UnsafeRawBufferPointer, at payloadOffset: UInt64,
                                                      of stream: GRPCStream, _ id: UInt32, _ direction: Direction,
                                                      sink: inout Sink) throws(DecodeError) {
        // The assembler runs in place in the stream; emitting touches none of its state.
        var index = 0
        while true {
            switch stream.assemblers[direction].next(payload, at: payloadOffset, from: &index, maxMessageSize: limits.maxMessageSize) {
            case .needMore:
                return
            case .oversize(let length, let prefixEndOffset):
                throw error(direction, prefixEndOffset, .limitExceeded(.maxMessageSize, value: length))
            case .inPayload(let message, let body):
                try emit(message, UnsafeRawBufferPointer(rebasing: payload[body]), of: stream, id, direction, sink: &sink)
            case .buffered(let message):
                try stream.assemblers[direction].withBufferedBody { (body) throws(DecodeError) in
                    try emit(message, body, of: stream, id, direction, sink: &sink)
                }
            }
        }
    }

    /// Decompresses `body` if the message says so and hands the message to `sink`.
    private mutating func emit<Sink: MessageSink>(_ message: GRPCMessageAssembler.Message, _ body: UnsafeRawBufferPointer,
                                                  of stream: GRPCStream, _ id: UInt32, _ direction: Direction,
                                                  sink: inout Sink) throws(DecodeError) {
        guard message.compressed else {
            return send(body, message.endOffset, of: stream, id, direction, sink: &sink)
        }
        let compression = stream.compression[direction]
        guard case .zlib = compression else {
            let name: String
            if case .unsupported(let n) = compression { name = n } else { name = "identity" }
            throw error(direction, message.endOffset, .compression("compressed message with grpc-encoding \(name)"))
        }
        let inflater = decompressor ?? GRPCDecompressor()
        decompressor = inflater
        if let reason = inflater.inflate(body, limit: limits.maxMessageSize) {
            throw error(direction, message.endOffset, reason)
        }
        inflater.output.withUnsafeBytes { send($0, message.endOffset, of: stream, id, direction, sink: &sink) }
    }

    private func send<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, _ endOffset: UInt64, of stream: GRPCStream,
                                         _ id: UInt32, _ direction: Direction, sink: inout Sink) {
        let isRequest = direction == .clientToServer
        let kind: MessageKind = stream.messageCounts[direction] > 0 ? .streamMessage : (isRequest ? .request : .response)
        stream.messageCounts[direction] += 1
        sink.receive(RPCMessage(wire: .grpc, service: stream.service, method: stream.method, kind: kind, direction: direction,
                                streamID: UInt64(id), endOffset: endOffset,
                                metadata: isRequest ? stream.requestHeaders : stream.responseHeaders,
                                payloadEncoding: stream.payloadEncoding, payload: bytes))
    }

    mutating func resetStream<Sink: MessageSink>(_ id: UInt32, errorCode: UInt32, offset: UInt64, endOffset: UInt64,
                                                 direction: Direction, sink: inout Sink) throws(DecodeError) {
        guard let stream = streams.remove(id) else { return }
        defer { recycle(stream) }
        if direction == .clientToServer, !stream.sawResponseHeaders {
            resetsInWindow += 1
            if resetsInWindow > limits.maxRapidResets {
                throw error(direction, offset, .limitExceeded(.rapidReset, value: resetsInWindow))
            }
        }
        // After the response ended the call is complete: the reset only stops the rest of the
        // request (a server may answer before reading it all, RFC 9113 §8.1).
        guard !stream.ended.serverToClient else { return }
        endedEarly(stream, id, .reset, direction, at: endOffset, sink: &sink)
    }

    mutating func goAway<Sink: MessageSink>(lastStreamID: UInt32, errorCode: UInt32, offset: UInt64, endOffset: UInt64,
                                            direction: Direction, sink: inout Sink) throws(DecodeError) {
        if let previous = goAwayLastStream[direction], lastStreamID > previous {
            throw error(direction, offset, .malformed("GOAWAY raised the last stream id from \(previous) to \(lastStreamID) (RFC 9113 §6.8)"))
        }
        goAwayLastStream[direction] = lastStreamID
        // The client's GOAWAY names the server's pushed streams, which carry no calls here; the
        // server's says which of the client's calls it never processed.
        guard direction == .serverToClient else { return }
        for id in streams.keys.sorted() where id > lastStreamID {
            if let stream = streams.remove(id) {
                endedEarly(stream, id, .abandoned, direction, at: endOffset, sink: &sink)
                recycle(stream)
            }
        }
    }

    /// Removes stream `id` once both its directions have ended.
    private mutating func retireIfEnded(_ id: UInt32, _ stream: GRPCStream) {
        guard stream.ended.clientToServer && stream.ended.serverToClient else { return }
        streams.remove(id)
        recycle(stream)
    }

    /// Keeps a removed stream's object for a later call.
    private mutating func recycle(_ stream: GRPCStream) {
        guard spareStreams.count < Self.maxSpareStreams else { return }
        stream.reset()
        spareStreams.append(stream)
    }

    /// Reports a call that ends without its normal end (`reset` or `abandoned`), with its request headers.
    private func endedEarly<Sink: MessageSink>(_ stream: GRPCStream, _ id: UInt32, _ kind: MessageKind, _ direction: Direction,
                                               at endOffset: UInt64, sink: inout Sink) {
        sink.receive(RPCMessage(wire: stream.isGRPC ? .grpc : .http2, service: stream.service, method: stream.method, kind: kind,
                                direction: direction, streamID: UInt64(id), endOffset: endOffset, metadata: stream.requestHeaders))
    }
}
