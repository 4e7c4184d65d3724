import ControlAPI

/// `info requests`: the held messages on all switches (numbered for `request N`, `*` marks the
/// current one), the requests being stepped, and the requests the switches saw lately.
public enum RequestsTable {
    /// One held message as listed.
    public struct Held: Sendable {
        public var isCurrent: Bool
        public var switchName: String
        public var stop: Int
        public var message: MessageEvent
        public init(isCurrent: Bool, switchName: String, stop: Int, message: MessageEvent) {
            self.isCurrent = isCurrent
            self.switchName = switchName
            self.stop = stop
            self.message = message
        }
    }

    public static func render(held: [Held], stepping: [(trace: String, switchName: String)],
                              recent: [(request: RecentRequest, switchName: String)]) -> String {
        var sections: [String] = []
        if held.isEmpty {
            sections.append("No held messages.")
        } else {
            let rows = held.enumerated().map { number, entry in
                [(entry.isCurrent ? "* " : "  ") + String(number + 1), entry.switchName, String(entry.stop),
                 MessageRendering.summary(entry.message), entry.message.trace ?? "-"]
            }
            sections.append("Held messages:\n" + TextTable.render(header: ["  Num", "Switch", "Stop", "Message", "Request"], rows: rows))
        }
        if !stepping.isEmpty {
            sections.append("Stepping:\n" + TextTable.render(header: ["Request", "Switch"], rows: stepping.map { [$0.trace, $0.switchName] }))
        }
        if !recent.isEmpty {
            let rows = recent.map { [$0.request.trace, String($0.request.messages), $0.request.last, $0.switchName] }
            sections.append("Recent requests:\n" + TextTable.render(header: ["Request", "Messages", "Last", "Switch"], rows: rows))
        }
        return sections.joined(separator: "\n")
    }
}
