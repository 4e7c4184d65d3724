/// The SETTINGS each endpoint of one connection advertised and which of them the other endpoint
/// acknowledged (RFC 9113 §6.5.3), kept per direction of the frames they bound: the SETTINGS the
/// server sends bound the client's frames, and the client's ACK (in the client's byte stream)
/// says from which frame on they apply.
///
/// Leniency while a SETTINGS frame is unacknowledged: each parameter is bounded by the most
/// permissive of the acknowledged value and the outstanding ones. A lowered value binds only
/// after the ACK (the peer may rightly use the old one until then); a raised one binds at once,
/// because its advertiser has already said it accepts it. An observer that refused what the
/// advertising endpoint accepts would break a conforming connection; accepting early what the
/// endpoint would still refuse loses nothing, as the endpoint refuses it itself.
struct HTTP2SettingsExchange {
    /// Acknowledged values, by the direction of the frames they bound.
    private var acknowledged = PerDirection(repeating: HTTP2Settings.initial)
    /// Unacknowledged SETTINGS frames, oldest first, by the direction of the frames they will bound.
    private var outstanding = PerDirection(repeating: [HTTP2Settings]())
    /// What frames sent in each direction must respect now (all parameters stated).
    private var bounds = PerDirection(repeating: HTTP2Settings.initial)
    private let maxOutstanding: Int

    init(limits: DecodeLimits) {
        maxOutstanding = limits.maxUnacknowledgedSettings
    }

    /// The largest frame payload that may be sent in `direction` now.
    func maxFrameSize(boundingFramesIn direction: Direction) -> Int {
        bounds[direction].maxFrameSize ?? HTTP2Settings.initialMaxFrameSize
    }

    /// The largest HPACK dynamic table the encoder of `direction` may use now.
    func headerTableSize(boundingFramesIn direction: Direction) -> Int {
        bounds[direction].headerTableSize ?? HTTP2Settings.initialHeaderTableSize
    }

    /// Whether the server may send PUSH_PROMISE now (the client's SETTINGS_ENABLE_PUSH).
    var allowsPush: Bool { bounds.serverToClient.enablePush ?? true }

    /// A SETTINGS frame sent in `direction`; false if too many are already unacknowledged.
    mutating func advertise(_ settings: HTTP2Settings, sentIn direction: Direction) -> Bool {
        let bounded = direction.reversed
        guard outstanding[bounded].count < maxOutstanding else { return false }
        outstanding[bounded].append(settings)
        bounds[bounded] = bounds[bounded].loosened(by: settings)
        return true
    }

    /// A SETTINGS ACK sent in `direction`: the oldest outstanding SETTINGS of the other endpoint now
    /// binds `direction`'s frames. An ACK with none outstanding changes nothing.
    mutating func acknowledge(sentIn direction: Direction) {
        guard !outstanding[direction].isEmpty else { return }
        acknowledged[direction] = acknowledged[direction].updated(by: outstanding[direction].removeFirst())
        bounds[direction] = outstanding[direction].reduce(acknowledged[direction]) { $0.loosened(by: $1) }
    }
}
