import ThriftSchema

/// Decodes one Thrift connection: binary (strict) or compact protocol, framed or unframed
/// transport, detected from each direction's first bytes. CALL and ONEWAY messages are requests,
/// REPLY and EXCEPTION responses; the stream id is the sequence id. Names of services come from
/// the IDL when one is given.
///
/// Status of a response: an EXCEPTION carries `TApplicationException` (code = its type, message
/// = its message); a REPLY whose result struct holds a declared exception (field id ≠ 0) gets the
/// field id as code and the exception field's name as message; other replies code 0.
public struct ThriftConnectionDecoder: ConnectionDecoder {
    private let limits: DecodeLimits
    private let idl: ThriftIDL
    private var buffers = PerDirection(repeating: StreamBuffer())
    private var kinds = PerDirection<ThriftProtocolKind?>(repeating: nil)
    /// For unframed messages: how many buffered bytes the last incomplete parse needed at least,
    /// so a message arriving in pieces is parsed again only once enough has come.
    private var needed = PerDirection(repeating: 0)
    private var failure: DecodeError?

    public init(idl: ThriftIDL = ThriftIDL(), limits: DecodeLimits = DecodeLimits()) {
        self.idl = idl
        self.limits = limits
    }

    /// The protocol detected on `direction`, once its first bytes have arrived.
    public func protocolKind(_ direction: Direction) -> ThriftProtocolKind? { kinds[direction] }

    public mutating func feed<Sink: MessageSink>(_ bytes: UnsafeRawBufferPointer, at offset: UInt64,
                                                 from direction: Direction, into sink: inout Sink) throws(DecodeError) {
        if let failure { throw failure }
        var buffer = buffers[direction]
        buffers[direction] = StreamBuffer()
        defer { buffers[direction] = buffer }
        do throws(DecodeError) {
            try buffer.feed(bytes, at: offset, wire: .thrift, direction: direction) { (input, base) throws(DecodeError) -> Int in
                var used = 0
                while used < input.count {
                    let rest = UnsafeRawBufferPointer(rebasing: input[used...])
                    guard rest.count >= needed[direction] else { break }
                    let n = try message(rest, at: base + UInt64(used), direction, &sink)
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
        if buffers[direction].pendingCount > 0 {
            throw DecodeError(wire: .thrift, direction: direction, offset: buffers[direction].nextOffset, reason: .truncated)
        }
    }

    private func error(_ direction: Direction, _ offset: UInt64, _ reason: DecodeError.Reason) -> DecodeError {
        DecodeError(wire: .thrift, direction: direction, offset: offset, reason: reason)
    }

    /// Detects the protocol from the first bytes of a direction (nil: too few bytes yet).
    private func detect(_ input: UnsafeRawBufferPointer, _ offset: UInt64, _ direction: Direction) throws(DecodeError) -> ThriftProtocolKind? {
        guard input.count >= 2 else { return nil }
        if input[0] == 0x80 && input[1] == 0x01 { return ThriftProtocolKind(isCompact: false, isFramed: false) }
        if input[0] == 0x82 { return ThriftProtocolKind(isCompact: true, isFramed: false) }
        guard input.count >= 6 else { return nil }
        if input[4] == 0x80 && input[5] == 0x01 { return ThriftProtocolKind(isCompact: false, isFramed: true) }
        if input[4] == 0x82 { return ThriftProtocolKind(isCompact: true, isFramed: true) }
        throw error(direction, offset, .malformed("neither a Thrift binary (0x8001) nor compact (0x82) message, framed or unframed"))
    }

    /// One message from the start of `input`; 0 if it has not fully arrived.
    private mutating func message<Sink: MessageSink>(_ input: UnsafeRawBufferPointer, at offset: UInt64,
                                                     _ direction: Direction, _ sink: inout Sink) throws(DecodeError) -> Int {
        if kinds[direction] == nil {
            guard let kind = try detect(input, offset, direction) else { return 0 }
            kinds[direction] = kind
        }
        let kind = kinds[direction]!
        var start = 0
        var end: Int
        if kind.isFramed {
            guard input.count >= 4 else { return 0 }
            let length = Int(input[0]) << 24 | Int(input[1]) << 16 | Int(input[2]) << 8 | Int(input[3])
            guard length <= limits.maxMessageSize else { throw error(direction, offset, .limitExceeded(.maxMessageSize, value: length)) }
            guard input.count >= 4 + length else { return 0 }
            start = 4
            end = 4 + length
        } else {
            end = 0
        }
        let frame = UnsafeRawBufferPointer(rebasing: input[..<(kind.isFramed ? end : input.count)])
        let header: ThriftMessageHeader
        do throws(ThriftWireError) {
            header = try ThriftMessageHeader.read(frame, at: start, compact: kind.isCompact, limits: limits)
            if !kind.isFramed {
                end = try structEnd(frame, from: header.structStart, compact: kind.isCompact)
            }
        } catch {
            switch error {
            case .incomplete(let needing):
                if kind.isFramed { throw self.error(direction, offset + UInt64(end), .malformed("message ends before its frame")) }
                guard needing <= limits.maxMessageSize else {
                    throw self.error(direction, offset, .limitExceeded(.maxMessageSize, value: needing))
                }
                needed[direction] = needing
                return 0
            case .malformed(let at, let what): throw self.error(direction, offset + UInt64(at), .malformed(what))
            case .limit(let at, let limit, let value): throw self.error(direction, offset + UInt64(at), .limitExceeded(limit, value: value))
            }
        }
        needed[direction] = 0
        let payload = UnsafeRawBufferPointer(rebasing: input[header.structStart..<end])
        let function = idl.functions[header.name]
        let isRequest = header.type == .call || header.type == .oneway
        var status: RPCStatus?
        if !isRequest { status = Self.status(header.type, payload, kind, function) }
        sink.receive(RPCMessage(wire: .thrift, service: function?.service ?? "", method: header.name,
                                kind: isRequest ? .request : .response, direction: direction,
                                streamID: UInt64(UInt32(bitPattern: header.sequenceID)), endOffset: offset + UInt64(end) - 1,
                                status: status, payloadEncoding: kind.payloadEncoding, payload: payload))
        return end
    }

    /// The index just after the struct starting at `start` (unframed transport).
    private func structEnd(_ bytes: UnsafeRawBufferPointer, from start: Int, compact: Bool) throws(ThriftWireError) -> Int {
        if compact {
            var reader = ThriftCompactReader(bytes, at: start)
            try reader.skip(.structure, depth: 0, limits: limits)
            return reader.index
        }
        var reader = ThriftBinaryReader(bytes, at: start)
        try reader.skip(.structure, depth: 0, limits: limits)
        return reader.index
    }

    private static func status(_ type: ThriftMessageHeader.MessageType, _ payload: UnsafeRawBufferPointer,
                               _ kind: ThriftProtocolKind, _ function: ThriftIDL.Function?) -> RPCStatus {
        if type == .exception {
            // TApplicationException: 1: string message, 2: i32 type.
            var message = ""
            if case .bytes(let range)? = ThriftScanner.value(at: [1], in: payload, compact: kind.isCompact) {
                message = String(decoding: UnsafeRawBufferPointer(rebasing: payload[range]), as: UTF8.self)
            }
            var code = 0
            if case .integer(let v)? = ThriftScanner.value(at: [2], in: payload, compact: kind.isCompact) { code = Int(v) }
            return RPCStatus(code: code, message: message)
        }
        for field in function?.result ?? [] where field.id != 0 {
            if ThriftScanner.value(at: [field.id], in: payload, compact: kind.isCompact) != nil {
                return RPCStatus(code: Int(field.id), message: field.name)
            }
        }
        return RPCStatus(code: 0, message: "")
    }
}
