import Foundation

/// Classic libpcap files (Ethernet link type), to feed `net_pcap` ports and read what they wrote.
enum PcapFile {
    static func write(_ frames: [[UInt8]], to path: String) throws {
        var data = Data()
        func put<T: FixedWidthInteger>(_ v: T) { withUnsafeBytes(of: v.littleEndian) { data.append(contentsOf: $0) } }
        put(UInt32(0xA1B2_C3D4)); put(UInt16(2)); put(UInt16(4)); put(Int32(0)); put(UInt32(0)); put(UInt32(65535)); put(UInt32(1))
        for (i, f) in frames.enumerated() {
            put(UInt32(1_700_000_000)); put(UInt32(i)); put(UInt32(f.count)); put(UInt32(f.count))
            data.append(contentsOf: f)
        }
        try data.write(to: URL(fileURLWithPath: path))
    }

    static func read(_ path: String) throws -> [[UInt8]] {
        let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        func u32(_ at: Int) -> Int { Int(bytes[at]) | Int(bytes[at + 1]) << 8 | Int(bytes[at + 2]) << 16 | Int(bytes[at + 3]) << 24 }
        // Microsecond (0xA1B2C3D4) or nanosecond (0xA1B23C4D, what net_pcap writes) timestamps.
        guard bytes.count >= 24, [0xA1B2_C3D4, 0xA1B2_3C4D].contains(u32(0)) else { throw CocoaError(.fileReadCorruptFile) }
        var frames: [[UInt8]] = []
        var at = 24
        while at + 16 <= bytes.count {
            let length = u32(at + 8)
            at += 16
            guard at + length <= bytes.count else { break }
            frames.append(Array(bytes[at..<at + length]))
            at += length
        }
        return frames
    }
}
