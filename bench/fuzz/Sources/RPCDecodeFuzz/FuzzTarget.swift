import Foundation
import RPCDecode

/// Which decoder a fuzzing run exercises (`FUZZ_TARGET`), and how one input drives it.
///
/// Connection decoders: the input's first byte seeds the cuts, then the rest is dealt to the two
/// directions in chunks (so frames split anywhere and directions interleave). Every input must
/// end in messages or a `DecodeError`: a crash, trap or sanitizer report is a bug.
enum FuzzTarget: String {
    case grpc, http1, redis, thrift, hpack, protobuf

    static let current: FuzzTarget = {
        let name = ProcessInfo.processInfo.environment["FUZZ_TARGET"] ?? "grpc"
        guard let target = FuzzTarget(rawValue: name) else { fatalError("FUZZ_TARGET must be one of grpc, http1, redis, thrift, hpack, protobuf") }
        return target
    }()

    /// The schema for `protobuf` (`FUZZ_SCHEMA`: a descriptor set), and the message type decoded.
    static let schema: (ProtobufSchema, Int)? = {
        guard let path = ProcessInfo.processInfo.environment["FUZZ_SCHEMA"],
              let data = FileManager.default.contents(atPath: path),
              let schema = try? ProtobufSchema(descriptorSet: [UInt8](data)) else { return nil }
        return (schema, schema.messageType(named: ProcessInfo.processInfo.environment["FUZZ_MESSAGE"] ?? "ucheck.test.GetRequest") ?? 0)
    }()

    func run(_ input: UnsafeRawBufferPointer) {
        switch self {
        case .grpc: drive(GRPCConnectionDecoder(), input)
        case .http1: drive(HTTP1ConnectionDecoder(), input)
        case .redis: drive(RedisConnectionDecoder(), input)
        case .thrift: drive(ThriftConnectionDecoder(), input)
        case .hpack:
            var decoder = HPACKDecoder()
            var headers = Metadata()
            // Several blocks against one table: split at 0xFF bytes.
            for block in input.split(separator: 0xFF, omittingEmptySubsequences: false) {
                headers.removeAll()
                try? decoder.decode(UnsafeRawBufferPointer(rebasing: block), into: &headers)
            }
        case .protobuf:
            guard let (schema, type) = Self.schema else { fatalError("set FUZZ_SCHEMA to a descriptor set") }
            _ = try? ProtobufDecoder(schema: schema).decode(input, as: type)
            for message in schema.messages.indices.prefix(8) {
                for field in schema.messages[message].fields {
                    if let path = schema.fieldPath(field.name, in: message) { _ = try? ProtobufScanner.value(at: path, in: input) }
                }
            }
        }
    }

    private func drive<D: ConnectionDecoder>(_ fresh: D, _ input: UnsafeRawBufferPointer) {
        guard let seed = input.first else { return }
        var decoder = fresh
        var sink = CountingSink()
        var offsets = [UInt64](repeating: 0, count: 2)
        var state = UInt32(seed) | 0x100
        var i = 1
        do throws(DecodeError) {
            while i < input.count {
                state = state &* 1_103_515_245 &+ 12_345
                let length = min(input.count - i, Int(state >> 16) % 64 + 1)
                let direction: Direction = (state >> 8) & 3 == 0 ? .serverToClient : .clientToServer
                try decoder.feed(UnsafeRawBufferPointer(rebasing: input[i..<(i + length)]), at: offsets[direction.rawValue],
                                 from: direction, into: &sink)
                offsets[direction.rawValue] += UInt64(length)
                i += length
            }
            try decoder.finish(.clientToServer, into: &sink)
            try decoder.finish(.serverToClient, into: &sink)
        } catch {
            _ = error.description
        }
    }
}

/// Touches every message's fields (so the fuzzer reaches payload handling) and keeps nothing.
struct CountingSink: MessageSink {
    var count = 0
    mutating func receive(_ message: borrowing RPCMessage) {
        count += message.payload.count + message.metadata.count
        _ = message.metadata.traceContext
    }
}
