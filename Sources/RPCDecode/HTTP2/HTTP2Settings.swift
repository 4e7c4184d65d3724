/// The SETTINGS parameters (RFC 9113 §6.5.2) that bound the frames an endpoint accepts from its
/// peer, as one SETTINGS frame states them (nil: the frame leaves the parameter as it was).
struct HTTP2Settings: Equatable {
    var headerTableSize: Int?
    var enablePush: Bool?
    var maxFrameSize: Int?

    static let initialHeaderTableSize = 4096
    static let initialMaxFrameSize = 16384
    static let largestMaxFrameSize = (1 << 24) - 1
    static let largestWindowSize: UInt32 = (1 << 31) - 1

    /// Every parameter at its initial value: what an endpoint accepts before its SETTINGS.
    static let initial = HTTP2Settings(headerTableSize: initialHeaderTableSize, enablePush: true, maxFrameSize: initialMaxFrameSize)

    /// Takes the parameters of a SETTINGS payload (a multiple of 6 octets), in order (§6.5.3);
    /// returns why a value is invalid (§6.5.2), or nil. Unknown parameters are ignored (§6.5.2).
    mutating func read(_ payload: UnsafeRawBufferPointer) -> String? {
        var i = 0
        while i + 6 <= payload.count {
            let id = UInt16(payload[i]) << 8 | UInt16(payload[i + 1])
            let value = UInt32(payload[i + 2]) << 24 | UInt32(payload[i + 3]) << 16 | UInt32(payload[i + 4]) << 8 | UInt32(payload[i + 5])
            i += 6
            switch id {
            case 0x1:
                headerTableSize = Int(value)
            case 0x2:
                guard value <= 1 else { return "SETTINGS_ENABLE_PUSH \(value) is neither 0 nor 1 (PROTOCOL_ERROR)" }
                enablePush = value == 1
            case 0x4:
                guard value <= Self.largestWindowSize else { return "SETTINGS_INITIAL_WINDOW_SIZE \(value) above 2^31-1 (FLOW_CONTROL_ERROR)" }
            case 0x5:
                guard (Self.initialMaxFrameSize...Self.largestMaxFrameSize).contains(Int(value)) else {
                    return "SETTINGS_MAX_FRAME_SIZE \(value) outside 16384...16777215 (PROTOCOL_ERROR)"
                }
                maxFrameSize = Int(value)
            default:
                continue
            }
        }
        return nil
    }

    /// The parameters `newer` states, over these.
    func updated(by newer: HTTP2Settings) -> HTTP2Settings {
        HTTP2Settings(headerTableSize: newer.headerTableSize ?? headerTableSize, enablePush: newer.enablePush ?? enablePush,
                      maxFrameSize: newer.maxFrameSize ?? maxFrameSize)
    }

    /// Each parameter at the more permissive of the two (for `other`'s stated ones).
    func loosened(by other: HTTP2Settings) -> HTTP2Settings {
        HTTP2Settings(headerTableSize: max(headerTableSize ?? 0, other.headerTableSize ?? 0),
                      enablePush: (enablePush ?? false) || (other.enablePush ?? false),
                      maxFrameSize: max(maxFrameSize ?? 0, other.maxFrameSize ?? 0))
    }
}
