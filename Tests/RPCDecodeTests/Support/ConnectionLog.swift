import Foundation
import RPCDecode

/// Both directions of one recorded connection in the order they crossed the relay
/// (Peers/loopback_relay.py's `connN.log`).
struct ConnectionLog {
    var chunks: [(direction: Direction, bytes: [UInt8])] = []

    init(chunks: [(direction: Direction, bytes: [UInt8])]) { self.chunks = chunks }

    init(contentsOf url: URL) throws {
        let data = [UInt8](try Data(contentsOf: url))
        var i = 0
        while i + 5 <= data.count {
            let length = Int(data[i + 1]) << 24 | Int(data[i + 2]) << 16 | Int(data[i + 3]) << 8 | Int(data[i + 4])
            chunks.append((data[i] == 0 ? .clientToServer : .serverToClient, Array(data[(i + 5)..<(i + 5 + length)])))
            i += 5 + length
        }
    }

    /// All bytes of one direction.
    func bytes(_ direction: Direction) -> [UInt8] {
        chunks.filter { $0.direction == direction }.flatMap(\.bytes)
    }
}

/// How a replay cuts the recorded chunks before feeding them.
enum Cutting: CustomStringConvertible {
    /// As recorded.
    case asRecorded
    /// One byte per feed.
    case dripFeed
    /// Random cut points (seeded, so failures reproduce).
    case random(seed: UInt64)

    var description: String {
        switch self {
        case .asRecorded: return "as recorded"
        case .dripFeed: return "drip-fed"
        case .random(let seed): return "random cuts (seed \(seed))"
        }
    }
}

/// A small deterministic generator (SplitMix64) for reproducible random cuts and inputs.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension ConnectionDecoder {
    /// Feeds `log` in order, cut as `cutting` says, and returns every message decoded.
    mutating func replay(_ log: ConnectionLog, cutting: Cutting) throws -> [MessageRecord] {
        var sink = CollectingSink()
        var offsets = [UInt64](repeating: 0, count: 2)
        var random = SeededGenerator(seed: { if case .random(let s) = cutting { return s } else { return 0 } }())
        for chunk in log.chunks {
            var start = 0
            while start < chunk.bytes.count {
                let length: Int
                switch cutting {
                case .asRecorded: length = chunk.bytes.count
                case .dripFeed: length = 1
                case .random: length = Int.random(in: 1...max(1, min(chunk.bytes.count - start, 97)), using: &random)
                }
                let end = min(chunk.bytes.count, start + length)
                let d = chunk.direction.rawValue
                try feed(Array(chunk.bytes[start..<end]), at: offsets[d], from: chunk.direction, into: &sink)
                offsets[d] += UInt64(end - start)
                start = end
            }
        }
        try finish(.clientToServer, into: &sink)
        try finish(.serverToClient, into: &sink)
        return sink.records
    }
}
