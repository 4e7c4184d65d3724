/// One raw protobuf value as found on the wire by `ProtobufScanner`, interpreted by its field type
/// on demand. Holds no allocation: a length-delimited value is a range of the payload.
public enum ProtobufWireValue: Sendable, Hashable {
    case varint(UInt64)
    case fixed64(UInt64)
    case fixed32(UInt32)
    case lengthDelimited(Range<Int>)

    /// The value as a signed integer for the integer and enum types (zigzag for sint32/64).
    @inlinable public func signedInteger(as type: ProtobufFieldType) -> Int64? {
        switch (self, type) {
        case (.varint(let v), .int64): return Int64(bitPattern: v)
        case (.varint(let v), .int32), (.varint(let v), .enumeration): return Int64(Int32(truncatingIfNeeded: v))
        case (.varint(let v), .sint32): return Int64(Int32(truncatingIfNeeded: (v >> 1) ^ (0 &- (v & 1))))
        case (.varint(let v), .sint64): return Int64(bitPattern: (v >> 1) ^ (0 &- (v & 1)))
        case (.varint(let v), .uint32): return Int64(UInt32(truncatingIfNeeded: v))
        case (.varint(let v), .uint64): return Int64(exactly: v)
        case (.varint(let v), .bool): return v == 0 ? 0 : 1
        case (.fixed32(let v), .sfixed32): return Int64(Int32(bitPattern: v))
        case (.fixed32(let v), .fixed32): return Int64(v)
        case (.fixed64(let v), .sfixed64): return Int64(bitPattern: v)
        case (.fixed64(let v), .fixed64): return Int64(exactly: v)
        default: return nil
        }
    }

    /// The value as an unsigned integer (uint32/64, fixed32/64).
    @inlinable public func unsignedInteger(as type: ProtobufFieldType) -> UInt64? {
        switch (self, type) {
        case (.varint(let v), .uint64), (.fixed64(let v), .fixed64): return v
        case (.varint(let v), .uint32): return UInt64(UInt32(truncatingIfNeeded: v))
        case (.fixed32(let v), .fixed32): return UInt64(v)
        default: return signedInteger(as: type).flatMap { UInt64(exactly: $0) }
        }
    }

    /// The value as a floating-point number (double, float).
    @inlinable public var floatingPoint: Double? {
        switch self {
        case .fixed64(let v): return Double(bitPattern: v)
        case .fixed32(let v): return Double(Float(bitPattern: v))
        default: return nil
        }
    }

    /// The bytes of a string, bytes or message value, inside `payload`.
    @inlinable public func bytes(in payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard case .lengthDelimited(let range) = self else { return nil }
        return UnsafeRawBufferPointer(rebasing: payload[range])
    }
}
