import ControlAPI

/// How ucdbg prints a held or watched message: gdb's stop line, `print`'s detail, one field.
public enum MessageRendering {
    /// `kv.Insert`: the serving service (the receiver of a request, the sender of a response) and the method.
    public static func messageName(_ message: MessageEvent) -> String {
        "\(message.kind == "response" ? message.from.service : message.to.service).\(message.method)"
    }

    /// `kv.Insert request frontend → kv`
    public static func summary(_ message: MessageEvent) -> String {
        "\(messageName(message)) \(message.kind) \(message.from.service) → \(message.to.service)"
    }

    /// The stop or watch report: `Breakpoint 1, kv.Insert request frontend → kv [sw1 stop 3]`, the
    /// request's trace id, then the fields. `title` is `Breakpoint 1`, `Step`, `Watchpoint 2`, ….
    public static func report(_ message: MessageEvent, title: String, switchName: String, style: Style = .plain) -> String {
        let place = message.stop.map { "[\(switchName) stop \($0)]" } ?? "[\(switchName)]"
        var lines = ["\(style.bold(title + ",")) \(style.cyan(summary(message))) \(place)", "  request \(message.trace ?? "(no trace id)")"]
        lines += flatten(message.fields).map { "  \($0.path) = \($0.value)" }
        return lines.joined(separator: "\n")
    }

    /// `print` without argument: the whole message.
    public static func detail(_ message: MessageEvent, switchName: String) -> String {
        var lines = ["\(summary(message))",
                     "  from      \(message.from.service) \(message.from.address):\(message.from.port)",
                     "  to        \(message.to.service) \(message.to.address):\(message.to.port)",
                     "  app       \(message.app)",
                     "  switch    \(switchName)" + (message.stop.map { ", stop \($0)" } ?? ""),
                     "  reason    \(message.reason)" + (message.breakpoint.map { " \($0)" } ?? ""),
                     "  time      \(message.time)",
                     "  protocol  \(message.protocol), stream \(message.stream)",
                     "  request   \(message.trace ?? "(no trace id)")"]
        if let status = message.status { lines.append("  status    \(status)") }
        lines.append("  headers")
        lines += message.headers.map { "    \($0.first ?? ""): \($0.dropFirst().joined(separator: ", "))" }
        lines.append("  fields")
        lines += flatten(message.fields).map { "    \($0.path) = \($0.value)" }
        return lines.joined(separator: "\n")
    }

    /// `print FIELD`: the value at a dotted path, nil when the message has no such field.
    public static func field(_ path: String, of message: MessageEvent) -> JSONValue? {
        if let flat = message.fields[path] { return flat }
        var value = JSONValue.object(message.fields)
        for component in path.split(separator: ".") {
            guard case .object(let members) = value, let next = members[String(component)] else { return nil }
            value = next
        }
        return value
    }

    /// Leaves of nested objects as dotted paths, sorted by path.
    public static func flatten(_ fields: [String: JSONValue], prefix: String = "") -> [(path: String, value: JSONValue)] {
        fields.keys.sorted().flatMap { key -> [(path: String, value: JSONValue)] in
            let path = prefix.isEmpty ? key : "\(prefix).\(key)"
            if case .object(let members) = fields[key]!, !members.isEmpty { return flatten(members, prefix: path) }
            return [(path, fields[key]!)]
        }
    }
}
