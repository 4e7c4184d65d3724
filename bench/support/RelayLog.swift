import Foundation
import RPCDecode

/// A conversation recorded by Tests/RPCDecodeTests/Peers/loopback_relay.py: what each direction
/// delivered, chunk by chunk, as records of direction (0 client→server, 1 server→client),
/// 4-byte big-endian length, bytes. The benchmarks replay these through the decoders.
public enum RelayLog {
    public static func load(_ path: String) throws -> [(Direction, [UInt8])] {
        let data = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        var out: [(Direction, [UInt8])] = []
        var i = 0
        while i + 5 <= data.count {
            let n = Int(data[i + 1]) << 24 | Int(data[i + 2]) << 16 | Int(data[i + 3]) << 8 | Int(data[i + 4])
            out.append((data[i] == 0 ? .clientToServer : .serverToClient, Array(data[(i + 5)..<(i + 5 + n)])))
            i += 5 + n
        }
        return out
    }
}
