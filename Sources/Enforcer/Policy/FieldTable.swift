import Foundation
import Models
import RPCDecode

/// The field paths the checks of one message type read, each with its reader; checks refer to
/// fields by slot. `read` gives every slot's value for one message.
struct FieldTable: Sendable {
    private(set) var paths: [String] = []
    private(set) var readers: [FieldReader] = []
    private var slots: [String: Int] = [:]

    /// The slot of `path`, adding it with `reader()` when new.
    mutating func slot(_ path: String, reader: () -> FieldReader) -> Int {
        if let s = slots[path] { return s }
        slots[path] = paths.count
        paths.append(path)
        readers.append(reader())
        return paths.count - 1
    }

    func existingSlot(_ path: String) -> Int? { slots[path] }

    var isEmpty: Bool { paths.isEmpty }

    /// The value of every slot for `message` into `values[slot]`; `request` holds the values saved
    /// from the request a response answers, `http` the message's parsed HTTP parts. `values` is a
    /// buffer reused from message to message: it only grows, entries past this table's slots are
    /// left as they were, and a string read in place is copied into the storage of the string
    /// its slot held, so once grown it allocates nothing for them.
    func read(_ message: borrowing RPCMessage, request: [String: CheckValue], http: HTTPMessageParts?, limits: DecodeLimits,
              into values: inout [CheckValue?]) {
        if values.count < readers.count { values.append(contentsOf: repeatElement(nil, count: readers.count - values.count)) }
        for slot in readers.indices {
            if let bytes = Self.stringInPlace(readers[slot], in: message, limits: limits) {
                values[slot].setBytes(bytes)
            } else {
                values[slot] = Self.value(of: readers[slot], in: message, request: request, http: http, limits: limits)
            }
        }
    }

    /// The bytes of the string `reader` reads from `message`, pointing into the message (nothing
    /// copied); nil when `reader` does not read strings in place (then `read` gives the value).
    static func stringInPlace(_ reader: FieldReader, in message: borrowing RPCMessage, limits: DecodeLimits) -> UnsafeRawBufferPointer? {
        switch reader {
        case .protobuf(let path, .string), .protobuf(let path, .sort(_)):
            guard let value = try? ProtobufScanner.value(at: path, in: message.payload, maxDepth: limits.maxNestingDepth) else {
                return UnsafeRawBufferPointer(start: nil, count: 0) // absent: proto3's default, the empty string
            }
            return value.bytes(in: message.payload)
        case .redisArgument(let index, .string), .redisArgument(let index, .sort(_)):
            return message.respArguments.argument(index, in: message.payload)
        default:
            return nil
        }
    }

    /// What `reader` reads from `message`.
    private static func value(of reader: FieldReader, in message: borrowing RPCMessage, request: [String: CheckValue], http: HTTPMessageParts?,
                          limits: DecodeLimits) -> CheckValue? {
        switch reader {
        case .protobuf(let path, let type):
            guard let value = try? ProtobufScanner.value(at: path, in: message.payload, maxDepth: limits.maxNestingDepth) else {
                return .protobufDefault(type)
            }
            return protobufValue(value, path.leaf.type, message.payload, as: type)
        case .thrift(let ids, let type):
            let compact = message.payloadEncoding == .thriftCompact
            switch ThriftScanner.value(at: ids, in: message.payload, compact: compact, limits: limits) {
            case .bool(let b)?: return type == .bool ? .bool(b) : nil
            case .integer(let n)?: return type == .int ? .int(n) : nil
            case .bytes(let range)?: return .bytes(Array(message.payload[range]))
            default: return nil
            }
        case .form(let name, let type):
            return http?.form[name].flatMap { CheckValue(text: $0, as: type) }
        case .pathSegment(let index, let type):
            guard let segments = http?.pathSegments, index < segments.count else { return nil }
            return CheckValue(text: PercentDecoding.decode(segments[index]), as: type)
        case .header(let name, let type):
            return message.metadata.string(named: name).flatMap { CheckValue(text: $0, as: type) }
        case .bodyOrQuery(let path, let type):
            if let json = http?.json { return jsonValue(json, path, as: type) }
            guard path.count == 1 else { return nil }
            return http?.query[path[0]].flatMap { CheckValue(text: $0, as: type) }
        case .redisArgument(let index, let type):
            return message.respArguments.argument(index, in: message.payload).flatMap { CheckValue(bytes: $0, as: type) }
        case .redisReply(let type):
            return RESPScanner.scalarReply(in: message.payload).flatMap { CheckValue(reply: $0, as: type) }
        case .httpStatus:
            return message.status.map { .int(Int64($0.code)) }
        case .trace:
            return message.metadata.traceID.map { .bytes(Array($0.description.utf8)) }
        case .request(let path):
            return request[path]
        case .missing:
            return nil
        }
    }

    private static func protobufValue(_ value: ProtobufWireValue, _ wireType: ProtobufFieldType,
                                      _ payload: UnsafeRawBufferPointer, as type: ValueType) -> CheckValue? {
        switch type {
        case .bool: return value.unsignedInteger(as: wireType).map { .bool($0 != 0) }
        case .int: return value.signedInteger(as: wireType).map { .int($0) }
        case .string, .sort: return value.bytes(in: payload).map { .bytes(Array($0)) }
        }
    }

    private static func jsonValue(_ fields: [DecodedField], _ path: [String], as type: ValueType) -> CheckValue? {
        guard let first = path.first, let field = fields.first(where: { $0.name == first }) else { return nil }
        if path.count > 1 {
            guard case .message(let inner) = field.value else { return nil }
            return jsonValue(inner, Array(path.dropFirst()), as: type)
        }
        switch (field.value, type) {
        case (.int(let n), .int): return .int(n)
        case (.bool(let b), .bool): return .bool(b)
        case (.string(let s), .string), (.string(let s), .sort): return .bytes(Array(s.utf8))
        case (.int(let n), .sort): return .bytes(Array(String(n).utf8))
        default: return nil
        }
    }
}
