#if canImport(Glibc)
import Glibc
#endif

/// gRPC binary metadata (keys ending in `-bin`): base64 on the wire, or grpc-core's "true binary"
/// form, a 0x00 octet followed by the raw bytes (never a base64 character, so unambiguous).
enum GRPCBinaryMetadata {
    /// `headers` with every `-bin` value replaced by the application's bytes. Values that are
    /// neither form are kept as sent.
    static func normalize(_ headers: Metadata) -> Metadata {
        guard containsBinary(headers) else { return headers }
        var out = Metadata()
        // Decoding only shrinks values: the input's size is enough.
        out.reserveCapacity(bytes: headers.bytes.count, entries: headers.count)
        for i in 0..<headers.count {
            let field = headers[i]
            guard isBinary(headers, i) else {
                out.append(name: field.name, value: field.value)
                continue
            }
            if field.value.first == 0 {
                out.append(name: field.name, value: field.value.dropFirst())
            } else if let decoded = base64Decode(field.value) {
                out.append(name: field.name, value: decoded)
            } else {
                out.append(name: field.name, value: field.value)
            }
        }
        return out
    }

    /// Whether any entry is `-bin` metadata, which `normalize` would decode.
    static func containsBinary(_ headers: Metadata) -> Bool {
        (0..<headers.count).contains { isBinary(headers, $0) }
    }

    /// Whether the name of entry `index` of `headers` ends in `-bin`, read in place.
    private static func isBinary(_ headers: Metadata, _ index: Int) -> Bool {
        let name = headers.ranges(of: index).name
        return name.count >= 4 && headers.bytes.withUnsafeBytes { memcmp($0.baseAddress! + name.upperBound - 4, "-bin", 4) == 0 }
    }

    /// Standard base64 (RFC 4648 §4), padding optional as gRPC allows; nil if not base64.
    static func base64Decode(_ text: ArraySlice<UInt8>) -> [UInt8]? {
        var out: [UInt8] = []
        out.reserveCapacity(text.count * 3 / 4)
        var accumulator: UInt32 = 0
        var bits = 0
        var padding = 0
        for c in text {
            let v: UInt8
            switch c {
            case 0x41...0x5A: v = c - 0x41
            case 0x61...0x7A: v = c - 0x61 + 26
            case 0x30...0x39: v = c - 0x30 + 52
            case 0x2B: v = 62
            case 0x2F: v = 63
            case 0x3D: padding += 1; continue
            default: return nil
            }
            guard padding == 0 else { return nil }
            accumulator = accumulator << 6 | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: accumulator >> UInt32(bits)))
            }
        }
        guard padding <= 2, bits < 6 else { return nil }
        return out
    }
}
