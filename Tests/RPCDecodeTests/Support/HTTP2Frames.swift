import RPCDecode

/// Builds HTTP/2 frames for tests that need shapes real peers rarely send (padding, PRIORITY,
/// CONTINUATION, unknown types, resets, malformed frames). Header blocks use HPACK literals
/// without indexing, so they decode in any table state.
enum HTTP2Frames {
    static let preface = Array("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".utf8)

    static func frame(_ type: UInt8, flags: UInt8 = 0, stream: UInt32, _ payload: [UInt8]) -> [UInt8] {
        let n = payload.count
        return [UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF), type, flags,
                UInt8(stream >> 24 & 0x7F), UInt8(stream >> 16 & 0xFF), UInt8(stream >> 8 & 0xFF), UInt8(stream & 0xFF)] + payload
    }

    static func block(_ headers: [(String, String)]) -> [UInt8] {
        var out: [UInt8] = []
        for (name, value) in headers {
            out.append(0x00)
            out += string(Array(name.utf8))
            out += string(Array(value.utf8))
        }
        return out
    }

    private static func string(_ bytes: [UInt8]) -> [UInt8] {
        precondition(bytes.count < 127, "test strings are short")
        return [UInt8(bytes.count)] + bytes
    }

    static func settings(_ pairs: [(UInt16, UInt32)] = []) -> [UInt8] {
        frame(0x4, stream: 0, pairs.flatMap { id, v in [UInt8(id >> 8), UInt8(id & 0xFF)] + uint32(v) })
    }

    static let settingsAck = frame(0x4, flags: 0x1, stream: 0, [])

    static func goAway(lastStream: UInt32, code: UInt32 = 0) -> [UInt8] {
        frame(0x7, stream: 0, uint32(lastStream) + uint32(code))
    }

    static func headers(stream: UInt32, _ headers: [(String, String)], endStream: Bool = false) -> [UInt8] {
        frame(0x1, flags: 0x4 | (endStream ? 0x1 : 0), stream: stream, block(headers))
    }

    static func data(stream: UInt32, _ payload: [UInt8], endStream: Bool = false, padding: Int? = nil) -> [UInt8] {
        guard let padding else { return frame(0x0, flags: endStream ? 0x1 : 0, stream: stream, payload) }
        return frame(0x0, flags: 0x8 | (endStream ? 0x1 : 0), stream: stream,
                     [UInt8(padding)] + payload + [UInt8](repeating: 0, count: padding))
    }

    static func rstStream(stream: UInt32, code: UInt32 = 8) -> [UInt8] {
        frame(0x3, stream: stream, uint32(code))
    }

    static func uint32(_ v: UInt32) -> [UInt8] {
        [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)]
    }

    /// A gRPC length-prefixed message.
    static func grpcMessage(_ body: [UInt8], compressed: Bool = false) -> [UInt8] {
        let n = body.count
        return [compressed ? 1 : 0, UInt8(n >> 24), UInt8(n >> 16 & 0xFF), UInt8(n >> 8 & 0xFF), UInt8(n & 0xFF)] + body
    }

    static func grpcRequestHeaders(_ path: String = "/pkg.Svc/Call", extra: [(String, String)] = []) -> [(String, String)] {
        [(":method", "POST"), (":scheme", "http"), (":path", path), (":authority", "svc"),
         ("content-type", "application/grpc"), ("te", "trailers")] + extra
    }
}
