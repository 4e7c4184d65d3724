import Foundation

/// A line a client reads from a switch: the reply to one of its requests, or an event.
public enum ControlLine: Sendable {
    case reply(ControlReply)
    case event(ControlEvent)

    /// Decodes one line (without its newline).
    public init(_ line: Data) throws {
        struct Probe: Decodable { var event: String? }
        let decoder = JSONDecoder()
        if try decoder.decode(Probe.self, from: line).event != nil {
            self = .event(try decoder.decode(ControlEvent.self, from: line))
        } else {
            self = .reply(try decoder.decode(ControlReply.self, from: line))
        }
    }

    /// One value as a line: compact JSON with sorted keys and a newline.
    public static func encode(_ value: some Encodable) -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        var data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        data.append(0x0A)
        return data
    }
}
