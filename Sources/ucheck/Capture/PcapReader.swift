import Foundation

/// Reads a classic libpcap capture (what `tcpdump -w` writes) and yields each packet as an
/// Ethernet frame with its timestamp: Ethernet captures as they are, Linux cooked (SLL) and raw
/// IP captures with an Ethernet header put in front. pcapng is refused with a hint.
struct PcapReader {
    struct Packet {
        /// Seconds since the epoch.
        var time: Double
        var frame: [UInt8]
    }

    /// Why a capture cannot be read.
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    private let data: [UInt8]
    private let swapped: Bool
    private let nanoseconds: Bool
    private let linkType: UInt32
    private var index = 24

    init(contentsOf path: String) throws {
        guard let contents = FileManager.default.contents(atPath: path) else { throw Failure(description: "\(path): cannot read the file") }
        data = [UInt8](contents)
        guard data.count >= 24 else { throw Failure(description: "\(path): too short for a pcap header") }
        let magic = UInt32(data[0]) | UInt32(data[1]) << 8 | UInt32(data[2]) << 16 | UInt32(data[3]) << 24
        switch magic {
        case 0xA1B2_C3D4: (swapped, nanoseconds) = (false, false)
        case 0xD4C3_B2A1: (swapped, nanoseconds) = (true, false)
        case 0xA1B2_3C4D: (swapped, nanoseconds) = (false, true)
        case 0x4D3C_B2A1: (swapped, nanoseconds) = (true, true)
        case 0x0A0D_0D0A:
            throw Failure(description: "\(path): pcapng is not supported; convert it with `editcap -F pcap \(path) out.pcap`")
        default:
            throw Failure(description: "\(path): not a pcap file (magic 0x\(String(magic, radix: 16)))")
        }
        let header = PcapReader.Cursor(data: data, swapped: swapped)
        linkType = header.u32(at: 20) & 0x0FFF_FFFF
        guard [1, 113, 101, 228].contains(linkType) else {
            throw Failure(description: "\(path): link type \(linkType) is not supported (Ethernet, Linux cooked, raw IPv4)")
        }
    }

    private struct Cursor {
        let data: [UInt8]
        let swapped: Bool
        func u32(at i: Int) -> UInt32 {
            let v = UInt32(data[i]) | UInt32(data[i + 1]) << 8 | UInt32(data[i + 2]) << 16 | UInt32(data[i + 3]) << 24
            return swapped ? v.byteSwapped : v
        }
    }

    /// The next packet, nil at the end. A record cut short by the end of the file is an error.
    mutating func next() throws -> Packet? {
        guard index < data.count else { return nil }
        guard data.count - index >= 16 else { throw Failure(description: "truncated record header at byte \(index)") }
        let cursor = Cursor(data: data, swapped: swapped)
        let seconds = Double(cursor.u32(at: index))
        let fraction = Double(cursor.u32(at: index + 4)) / (nanoseconds ? 1e9 : 1e6)
        let length = Int(cursor.u32(at: index + 8))
        let start = index + 16
        guard data.count - start >= length else { throw Failure(description: "truncated packet at byte \(index)") }
        index = start + length
        let captured = data[start..<(start + length)]
        return Packet(time: seconds + fraction, frame: ethernet(Array(captured)))
    }

    /// The captured bytes as an Ethernet frame.
    private func ethernet(_ captured: [UInt8]) -> [UInt8] {
        let zeroMACs = [UInt8](repeating: 0, count: 12)
        switch linkType {
        case 113:
            // Linux cooked: 16-byte header whose last two bytes are the EtherType.
            guard captured.count >= 16 else { return [] }
            return zeroMACs + captured[14..<16] + captured[16...]
        case 101, 228:
            return zeroMACs + [0x08, 0x00] + captured
        default:
            return captured
        }
    }
}
