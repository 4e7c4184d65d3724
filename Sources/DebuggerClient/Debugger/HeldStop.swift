import ControlAPI

/// A message a switch holds (from a `stop` event or a `requests` reply), named by switch and stop id.
struct HeldStop: Sendable, Equatable {
    var switchIndex: Int
    var message: MessageEvent
    var stop: Int { message.stop ?? 0 }

    func isSame(_ other: HeldStop) -> Bool { switchIndex == other.switchIndex && stop == other.stop }
}
