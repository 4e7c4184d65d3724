/// A protobuf field's declared type (descriptor.proto `FieldDescriptorProto.Type`).
public enum ProtobufFieldType: Int, Sendable, Hashable {
    case double = 1, float, int64, uint64, int32, fixed64, fixed32, bool, string, group, message, bytes,
         uint32, enumeration, sfixed32, sfixed64, sint32, sint64

    /// The wire type a non-packed value of this type has (encoding guide "Message Structure").
    public var wireType: UInt8 {
        switch self {
        case .double, .fixed64, .sfixed64: return 1
        case .float, .fixed32, .sfixed32: return 5
        case .string, .bytes, .message: return 2
        case .group: return 3
        default: return 0
        }
    }

    /// Whether repeated values of this type may be packed into one length-delimited record.
    public var isPackable: Bool { wireType != 2 && wireType != 3 }
}
