/// Parses the HTTP/2 frames of one direction of a connection (RFC 9113): the client preface or an
/// HTTP/1.1 `Upgrade: h2c` exchange (§3.2 of RFC 7540), frame headers, padding, CONTINUATION
/// assembly and HPACK (one dynamic table per direction), and hands the frames' meaning to an
/// `HTTP2FrameHandler`. Frame sizes and HPACK table size updates are bounded by what the other
/// endpoint advertised in SETTINGS, as the connection's `HTTP2SettingsExchange` says, and by `limits`.
///
/// Wire grammar only: which stream is which call is the handler's business.
struct HTTP2FrameDecoder {
    /// Where the direction is in its life.
    private enum Phase {
        /// Client direction: the 24-octet preface, or an HTTP/1.1 request asking for h2c.
        case clientStart
        /// Server direction: frames, or an HTTP/1.1 `101 Switching Protocols` first.
        case serverStart
        /// Client direction after an upgrade request: the preface must follow.
        case preface
        case frames
    }

    static let preface: [UInt8] = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    private let direction: Direction
    private let limits: DecodeLimits
    private var phase: Phase
    private var buffer = StreamBuffer()
    private var hpack: HPACKDecoder
    /// The header block being assembled from HEADERS/PUSH_PROMISE + CONTINUATION frames.
    private var headerBlock: [UInt8] = []
    private var continuation: (stream: UInt32, endStream: Bool, isPushPromise: Bool)?
    private var decodedHeaders = Metadata()
    /// How far the search for the end of an HTTP/1.1 upgrade head got.
    private var upgradeHeadScanned = 0

    init(direction: Direction, limits: DecodeLimits) {
        self.direction = direction
        self.limits = limits
        phase = direction == .clientToServer ? .clientStart : .serverStart
        hpack = HPACKDecoder(maxTableSize: limits.maxHeaderTableSize, maxHeaderListSize: limits.maxHeaderListSize)
    }

    /// Whether bytes of an unfinished frame or header block are buffered.
    var isMidFrame: Bool { buffer.pendingCount > 0 || continuation != nil }

    /// The offset of the next byte expected.
    var nextOffset: UInt64 { buffer.nextOffset }

    mutating func feed<Handler: HTTP2FrameHandler, Sink: MessageSink>(
        _ bytes: UnsafeRawBufferPointer, at offset: UInt64, settings: inout HTTP2SettingsExchange,
        handler: inout Handler, sink: inout Sink
    ) throws(DecodeError) {
        // The buffer is moved out while the parser (which mutates self) runs; moving does not copy its storage.
        var buffer = self.buffer
        self.buffer = StreamBuffer()
        defer { self.buffer = buffer }
        try buffer.feed(bytes, at: offset, wire: .grpc, direction: direction) { (input, base) throws(DecodeError) -> Int in
            var used = 0
            while used < input.count {
                let rest = UnsafeRawBufferPointer(rebasing: input[used...])
                let n = try step(rest, at: base + UInt64(used), settings: &settings, handler: &handler, sink: &sink)
                if n == 0 { break }
                used += n
            }
            return used
        }
    }

    private func error(_ offset: UInt64, _ reason: DecodeError.Reason) -> DecodeError {
        DecodeError(wire: .grpc, direction: direction, offset: offset, reason: reason)
    }

    /// Consumes one unit (preface, upgrade head or frame) from the start of `input`; 0 if incomplete.
    private mutating func step<Handler: HTTP2FrameHandler, Sink: MessageSink>(
        _ input: UnsafeRawBufferPointer, at offset: UInt64, settings: inout HTTP2SettingsExchange,
        handler: inout Handler, sink: inout Sink
    ) throws(DecodeError) -> Int {
        switch phase {
        case .frames:
            return try frame(input, at: offset, settings: &settings, handler: &handler, sink: &sink)
        case .preface, .clientStart:
            let prefix = min(input.count, Self.preface.count)
            if input.prefix(prefix).elementsEqual(Self.preface.prefix(prefix)) {
                guard input.count >= Self.preface.count else { return 0 }
                phase = .frames
                return Self.preface.count
            }
            guard phase == .clientStart else { throw error(offset, .malformed("missing HTTP/2 client preface")) }
            return try upgradeHead(input, at: offset, settings: &settings, handler: &handler, sink: &sink)
        case .serverStart:
            guard input.count >= 5 else { return 0 }
            if input.prefix(5).elementsEqual("HTTP/".utf8) {
                return try upgradeHead(input, at: offset, settings: &settings, handler: &handler, sink: &sink)
            }
            phase = .frames
            return try frame(input, at: offset, settings: &settings, handler: &handler, sink: &sink)
        }
    }

    /// An HTTP/1.1 request with `Upgrade: h2c` (becomes stream 1; its `HTTP2-Settings` are the
    /// client's first SETTINGS), or the server's `101` reply (which acknowledges them, RFC 7540 §3.2.1).
    private mutating func upgradeHead<Handler: HTTP2FrameHandler, Sink: MessageSink>(
        _ input: UnsafeRawBufferPointer, at offset: UInt64, settings: inout HTTP2SettingsExchange,
        handler: inout Handler, sink: inout Sink
    ) throws(DecodeError) -> Int {
        let head: HTTP1Head
        do {
            guard let parsed = try HTTP1Head.parse(input, maxHeadSize: limits.maxHeaderListSize, scanned: &upgradeHeadScanned) else { return 0 }
            head = parsed
        } catch {
            switch error {
            case .tooLarge(let size): throw self.error(offset, .limitExceeded(.maxHeaderListSize, value: size))
            case .malformed(let what): throw self.error(offset, .malformed("neither HTTP/2 nor an h2c upgrade: \(what)"))
            }
        }
        let upgrade = head.headers.string(named: "upgrade")?.lowercased()
        if direction == .serverToClient {
            guard head.startLine.second == "101", upgrade == "h2c" else {
                throw error(offset, .malformed("server answered the h2c upgrade with \(head.startLine.second)"))
            }
            phase = .frames
            settings.acknowledge(sentIn: direction)
            hpack.advertise(tableSize: settings.headerTableSize(boundingFramesIn: direction))
            return head.length
        }
        guard upgrade == "h2c", head.headers.value(named: "content-length").map({ $0.elementsEqual("0".utf8) }) ?? true,
              head.headers.value(named: "transfer-encoding") == nil else {
            throw error(offset, .malformed("HTTP/1.1 request on an HTTP/2 port without a bodiless Upgrade: h2c"))
        }
        if let encoded = head.headers.value(named: "http2-settings") {
            // base64url without padding (RFC 7540 §3.2.1), read as standard base64.
            let standard = encoded.map { $0 == UInt8(ascii: "-") ? UInt8(ascii: "+") : $0 == UInt8(ascii: "_") ? UInt8(ascii: "/") : $0 }
            guard let payload = GRPCBinaryMetadata.base64Decode(standard[...]), payload.count % 6 == 0 else {
                throw error(offset, .malformed("HTTP2-Settings is not base64url SETTINGS parameters"))
            }
            try payload.withUnsafeBytes { bytes in
                Result { () throws(DecodeError) in try advertise(bytes, at: offset, settings: &settings) }
            }.get()
        }
        var headers = Metadata()
        headers.append(name: ":method".utf8, value: head.startLine.first.utf8)
        headers.append(name: ":path".utf8, value: head.startLine.second.utf8)
        headers.append(name: ":authority".utf8, value: head.headers.value(named: "host") ?? [])
        for i in 0..<head.headers.count {
            let field = head.headers[i]
            if !field.name.elementsEqual("host".utf8) { headers.append(name: field.name, value: field.value) }
        }
        phase = .preface
        try handler.headers(&headers, stream: 1, endStream: true, endOffset: offset + UInt64(head.length) - 1,
                            direction: direction, sink: &sink)
        return head.length
    }

    /// One frame; 0 if it has not fully arrived.
    private mutating func frame<Handler: HTTP2FrameHandler, Sink: MessageSink>(
        _ input: UnsafeRawBufferPointer, at offset: UInt64, settings: inout HTTP2SettingsExchange,
        handler: inout Handler, sink: inout Sink
    ) throws(DecodeError) -> Int {
        guard input.count >= HTTP2FrameHeader.size else { return 0 }
        let header = HTTP2FrameHeader(input)
        let advertisedMax = settings.maxFrameSize(boundingFramesIn: direction)
        guard header.length <= advertisedMax else {
            throw error(offset, .malformed("frame of \(header.length) octets above the receiver's SETTINGS_MAX_FRAME_SIZE \(advertisedMax) (FRAME_SIZE_ERROR, RFC 9113 §4.2)"))
        }
        guard header.length <= limits.maxFrameSize else {
            throw error(offset, .limitExceeded(.maxFrameSize, value: header.length))
        }
        let total = HTTP2FrameHeader.size + header.length
        guard input.count >= total else { return 0 }
        let payload = UnsafeRawBufferPointer(rebasing: input[HTTP2FrameHeader.size..<total])
        let payloadOffset = offset + UInt64(HTTP2FrameHeader.size)
        let endOffset = offset + UInt64(total) - 1

        if let pending = continuation {
            guard header.type == HTTP2FrameType.continuation.rawValue, header.streamID == pending.stream else {
                throw error(offset, .malformed("expected CONTINUATION for stream \(pending.stream) (RFC 9113 §6.10)"))
            }
            try appendFragment(payload, at: offset)
            if header.has(HTTP2FrameHeader.flagEndHeaders) {
                continuation = nil
                // Moved out while it is decoded (decoding mutates self); moving does not copy it.
                var block = headerBlock
                headerBlock = []
                defer { headerBlock = block }
                try block.withUnsafeBytes { block in
                    Result { () throws(DecodeError) in
                        try finishHeaderBlock(block, stream: pending.stream, endStream: pending.endStream,
                                              isPushPromise: pending.isPushPromise, at: offset, endOffset: endOffset,
                                              tableSize: settings.headerTableSize(boundingFramesIn: direction),
                                              handler: &handler, sink: &sink)
                    }
                }.get()
            }
            return total
        }

        guard let type = HTTP2FrameType(rawValue: header.type) else { return total }
        switch type {
        case .data:
            try requireStream(header, offset)
            let body = try unpadded(payload, header, offset, extra: 0)
            let bodyOffset = payloadOffset + UInt64(header.has(HTTP2FrameHeader.flagPadded) ? 1 : 0)
            try handler.data(body, stream: header.streamID, endStream: header.has(HTTP2FrameHeader.flagEndStream),
                             payloadOffset: bodyOffset, frameEndOffset: endOffset, direction: direction, sink: &sink)
        case .headers, .pushPromise:
            try requireStream(header, offset)
            let isPush = type == .pushPromise
            if isPush { try requirePushAllowed(settings.allowsPush, offset) }
            let extra = isPush ? 4 : (header.has(HTTP2FrameHeader.flagPriority) ? 5 : 0)
            let fragment = try unpadded(payload, header, offset, extra: extra)
            let endStream = !isPush && header.has(HTTP2FrameHeader.flagEndStream)
            if header.has(HTTP2FrameHeader.flagEndHeaders) {
                // A whole block in one frame is decoded where it lies.
                try requireHeaderListRoom(fragment.count, at: offset)
                try finishHeaderBlock(fragment, stream: header.streamID, endStream: endStream, isPushPromise: isPush,
                                      at: offset, endOffset: endOffset, tableSize: settings.headerTableSize(boundingFramesIn: direction),
                                      handler: &handler, sink: &sink)
            } else {
                headerBlock.removeAll(keepingCapacity: true)
                try appendFragment(fragment, at: offset)
                continuation = (header.streamID, endStream, isPush)
            }
        case .continuation:
            throw error(offset, .malformed("CONTINUATION without a preceding HEADERS (RFC 9113 §6.10)"))
        case .priority:
            try requireStream(header, offset)
            guard header.length == 5 else { throw error(offset, .malformed("PRIORITY length \(header.length) ≠ 5")) }
        case .rstStream:
            try requireStream(header, offset)
            guard header.length == 4 else { throw error(offset, .malformed("RST_STREAM length \(header.length) ≠ 4")) }
            try handler.resetStream(header.streamID, errorCode: Self.uint32(payload, 0), offset: offset, endOffset: endOffset,
                                    direction: direction, sink: &sink)
        case .settings:
            guard header.streamID == 0 else { throw error(offset, .malformed("SETTINGS on stream \(header.streamID)")) }
            if header.has(HTTP2FrameHeader.flagAck) {
                guard header.length == 0 else { throw error(offset, .malformed("SETTINGS ACK with a payload")) }
                // From here on this direction's frames respect the other endpoint's oldest unacknowledged SETTINGS.
                settings.acknowledge(sentIn: direction)
                hpack.advertise(tableSize: settings.headerTableSize(boundingFramesIn: direction))
            } else {
                guard header.length % 6 == 0 else { throw error(offset, .malformed("SETTINGS length \(header.length) not a multiple of 6")) }
                try advertise(payload, at: offset, settings: &settings)
            }
        case .ping:
            guard header.streamID == 0, header.length == 8 else { throw error(offset, .malformed("PING must be 8 octets on stream 0")) }
        case .goAway:
            guard header.streamID == 0, header.length >= 8 else { throw error(offset, .malformed("GOAWAY must be ≥ 8 octets on stream 0")) }
            try handler.goAway(lastStreamID: Self.uint32(payload, 0) & 0x7FFF_FFFF, errorCode: Self.uint32(payload, 4),
                               offset: offset, endOffset: endOffset, direction: direction, sink: &sink)
        case .windowUpdate:
            guard header.length == 4 else { throw error(offset, .malformed("WINDOW_UPDATE length \(header.length) ≠ 4")) }
        }
        return total
    }

    /// SETTINGS parameters sent in this direction: they bound the other direction's frames once acknowledged.
    private func advertise(_ payload: UnsafeRawBufferPointer, at offset: UInt64,
                           settings: inout HTTP2SettingsExchange) throws(DecodeError) {
        var parameters = HTTP2Settings()
        if let invalid = parameters.read(payload) { throw error(offset, .malformed(invalid)) }
        guard settings.advertise(parameters, sentIn: direction) else {
            throw error(offset, .limitExceeded(.maxUnacknowledgedSettings, value: limits.maxUnacknowledgedSettings + 1))
        }
    }

    /// PUSH_PROMISE comes only from a server whose client has not disabled push (RFC 9113 §6.6, §8.4).
    private func requirePushAllowed(_ allowed: Bool, _ offset: UInt64) throws(DecodeError) {
        guard direction == .serverToClient else { throw error(offset, .malformed("PUSH_PROMISE from the client (RFC 9113 §8.4)")) }
        guard allowed else {
            throw error(offset, .malformed("PUSH_PROMISE after the client's SETTINGS_ENABLE_PUSH 0 (RFC 9113 §6.5.2)"))
        }
    }

    private func requireStream(_ header: HTTP2FrameHeader, _ offset: UInt64) throws(DecodeError) {
        guard header.streamID != 0 else { throw error(offset, .malformed("frame type \(header.type) on stream 0")) }
    }

    /// The payload without the pad length octet, `extra` fixed octets and padding (§6.1).
    private func unpadded(_ payload: UnsafeRawBufferPointer, _ header: HTTP2FrameHeader, _ offset: UInt64,
                          extra: Int) throws(DecodeError) -> UnsafeRawBufferPointer {
        var start = 0
        var padding = 0
        if header.has(HTTP2FrameHeader.flagPadded) {
            guard payload.count >= 1 else { throw error(offset, .malformed("padded frame without a pad length")) }
            padding = Int(payload[0])
            start = 1
        }
        start += extra
        guard start + padding <= payload.count else { throw error(offset, .malformed("padding longer than the frame payload")) }
        return UnsafeRawBufferPointer(rebasing: payload[start..<(payload.count - padding)])
    }

    private mutating func appendFragment(_ fragment: UnsafeRawBufferPointer, at offset: UInt64) throws(DecodeError) {
        try requireHeaderListRoom(headerBlock.count + fragment.count, at: offset)
        headerBlock.append(contentsOf: fragment)
    }

    /// A header block of `count` octets is within `maxHeaderListSize`.
    private func requireHeaderListRoom(_ count: Int, at offset: UInt64) throws(DecodeError) {
        guard count <= limits.maxHeaderListSize else { throw error(offset, .limitExceeded(.maxHeaderListSize, value: count)) }
    }

    /// HPACK-decodes a whole header block under `tableSize`, the SETTINGS_HEADER_TABLE_SIZE that
    /// bounds this direction now, and hands it to the handler.
    private mutating func finishHeaderBlock<Handler: HTTP2FrameHandler, Sink: MessageSink>(
        _ block: UnsafeRawBufferPointer, stream: UInt32, endStream: Bool, isPushPromise: Bool, at offset: UInt64, endOffset: UInt64,
        tableSize: Int, handler: inout Handler, sink: inout Sink
    ) throws(DecodeError) {
        // A size the other endpoint raised applies before its ACK (see HTTP2SettingsExchange).
        hpack.advertise(tableSize: tableSize)
        decodedHeaders.removeAll()
        do {
            try hpack.decode(block, into: &decodedHeaders)
        } catch .headerListOverLimit(let size) {
            throw error(offset, .limitExceeded(.maxHeaderListSize, value: size))
        } catch .tableSizeOverLimit(let size) {
            throw error(offset, .limitExceeded(.maxHeaderTableSize, value: size))
        } catch .tableSizeOverSetting(let size, let setting) {
            throw error(offset, .malformed("HPACK table size update to \(size) above the receiver's SETTINGS_HEADER_TABLE_SIZE \(setting) (COMPRESSION_ERROR, RFC 7541 §6.3)"))
        } catch .sizeUpdateMissing(let required) {
            throw error(offset, .malformed("HPACK block without the table size update to at most \(required) that the receiver's lowered SETTINGS_HEADER_TABLE_SIZE requires (COMPRESSION_ERROR, RFC 7541 §4.2)"))
        } catch {
            throw self.error(offset, .malformed("HPACK: \(error)"))
        }
        // A pushed request's headers keep the table in sync; gRPC does not use server push.
        guard !isPushPromise else { return }
        try handler.headers(&decodedHeaders, stream: stream, endStream: endStream, endOffset: endOffset,
                            direction: direction, sink: &sink)
    }

    private static func uint32(_ bytes: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3])
    }
}
