/// Splits captured IPv4/TCP frames larger than the decoder's packet buffers into several frames
/// of consecutive sequence numbers (captures on loopback or with offloads hold frames up to
/// 64 KiB), so reassembly sees every byte. Other frames pass unchanged.
enum OversizeFrameSplitter {
    static func split(_ frame: [UInt8], maxFrame: Int) -> [[UInt8]] {
        guard frame.count > maxFrame, frame.count >= 14 + 20, frame[12] == 0x08, frame[13] == 0x00 else { return [frame] }
        let ip = 14
        let ipHeader = Int(frame[ip] & 0x0F) * 4
        guard ipHeader >= 20, frame[ip + 9] == 6, frame.count >= ip + ipHeader + 20 else { return [frame] }
        let tcp = ip + ipHeader
        let headers = tcp + Int(frame[tcp + 12] >> 4) * 4
        let total = Int(frame[ip + 2]) << 8 | Int(frame[ip + 3])
        guard headers < frame.count, ip + total > headers, maxFrame > headers else { return [frame] }
        let payload = frame[headers..<min(frame.count, ip + total)]
        let sequence = UInt32(frame[tcp + 4]) << 24 | UInt32(frame[tcp + 5]) << 16 | UInt32(frame[tcp + 6]) << 8 | UInt32(frame[tcp + 7])
        let flags = frame[tcp + 13]
        var out: [[UInt8]] = []
        var start = payload.startIndex
        while start < payload.endIndex {
            let end = min(payload.endIndex, start + (maxFrame - headers))
            var piece = Array(frame[..<headers]) + payload[start..<end]
            let length = piece.count - ip
            piece[ip + 2] = UInt8(length >> 8)
            piece[ip + 3] = UInt8(length & 0xFF)
            let seq = sequence &+ UInt32(start - payload.startIndex)
            piece[tcp + 4] = UInt8(seq >> 24)
            piece[tcp + 5] = UInt8(seq >> 16 & 0xFF)
            piece[tcp + 6] = UInt8(seq >> 8 & 0xFF)
            piece[tcp + 7] = UInt8(seq & 0xFF)
            // FIN and PSH belong to the last piece only.
            if end != payload.endIndex { piece[tcp + 13] = flags & ~0x09 }
            // The IPv4 header checksum (RFC 791) over the changed header.
            piece[ip + 10] = 0
            piece[ip + 11] = 0
            var sum: UInt32 = 0
            for i in stride(from: ip, to: ip + ipHeader, by: 2) { sum += UInt32(piece[i]) << 8 | UInt32(piece[i + 1]) }
            while sum > 0xFFFF { sum = (sum & 0xFFFF) + (sum >> 16) }
            let checksum = ~UInt16(sum)
            piece[ip + 10] = UInt8(checksum >> 8)
            piece[ip + 11] = UInt8(checksum & 0xFF)
            out.append(piece)
            start = end
        }
        return out
    }
}
