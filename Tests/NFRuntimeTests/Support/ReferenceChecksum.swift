/// RFC 1071 written out plainly over byte arrays, independent of `InternetChecksum`, so checksum
/// tests do not trust the code under test.
enum ReferenceChecksum {
    /// One's-complement sum of big-endian 16-bit words (an odd last byte padded with zero), folded.
    static func sum(_ bytes: ArraySlice<UInt8>, initial: UInt32 = 0) -> UInt16 {
        var total = initial
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let high = UInt32(bytes[i])
            let low = i + 1 < bytes.endIndex ? UInt32(bytes[i + 1]) : 0
            total += high << 8 | low
            while total > 0xFFFF { total = (total & 0xFFFF) + (total >> 16) }
            i += 2
        }
        return UInt16(total)
    }

    /// Whether the IPv4 header starting at `ip` in `frame` verifies (its words sum to 0xFFFF).
    static func ipv4HeaderVerifies(_ frame: [UInt8], ip: Int) -> Bool {
        let headerLength = Int(frame[ip] & 0x0F) * 4
        return sum(frame[ip..<ip + headerLength]) == 0xFFFF
    }

    /// The value an IPv4 header checksum field should hold (computed with the field as zero).
    static func ipv4HeaderChecksum(_ frame: [UInt8], ip: Int) -> UInt16 {
        var header = Array(frame[ip..<ip + Int(frame[ip] & 0x0F) * 4])
        header[10] = 0
        header[11] = 0
        return ~sum(header[...])
    }

    /// Whether the TCP or UDP checksum of the datagram at `ip` verifies over its RFC 793 / RFC 8200
    /// §8.1 pseudo-header. IPv4, or IPv6 without extension headers.
    static func transportVerifies(_ frame: [UInt8], ip: Int) -> Bool {
        let transport: Int, length: Int, pseudo: [UInt8]
        if frame[ip] >> 4 == 4 {
            transport = ip + Int(frame[ip] & 0x0F) * 4
            length = (Int(frame[ip + 2]) << 8 | Int(frame[ip + 3])) - (transport - ip)
            pseudo = Array(frame[ip + 12..<ip + 20]) + [0, frame[ip + 9], UInt8(length >> 8), UInt8(length & 0xFF)]
        } else {
            transport = ip + 40
            length = Int(frame[ip + 4]) << 8 | Int(frame[ip + 5])
            pseudo = Array(frame[ip + 8..<ip + 40]) + [0, 0, UInt8(length >> 8), UInt8(length & 0xFF), 0, 0, 0, frame[ip + 6]]
        }
        return sum(frame[transport..<transport + length], initial: UInt32(sum(pseudo[...]))) == 0xFFFF
    }
}
