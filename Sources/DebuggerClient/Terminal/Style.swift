import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// ANSI colour, on only when writing to a terminal that wants it.
public struct Style: Sendable {
    public var enabled: Bool

    public static let plain = Style(enabled: false)

    public init(enabled: Bool) { self.enabled = enabled }

    /// Colour when stdout is a terminal, NO_COLOR is unset, TERM is not `dumb` and not in batch mode.
    public static func forStandardOutput(batch: Bool, environment: [String: String] = ProcessInfo.processInfo.environment) -> Style {
        Style(enabled: !batch && isatty(STDOUT_FILENO) == 1 && environment["NO_COLOR"] == nil && environment["TERM"] != "dumb")
    }

    public func bold(_ text: String) -> String { wrap(text, "1") }
    public func red(_ text: String) -> String { wrap(text, "31") }
    public func green(_ text: String) -> String { wrap(text, "32") }
    public func yellow(_ text: String) -> String { wrap(text, "33") }
    public func cyan(_ text: String) -> String { wrap(text, "36") }
    public func dim(_ text: String) -> String { wrap(text, "2") }

    private func wrap(_ text: String, _ code: String) -> String { enabled ? "\u{1B}[\(code)m\(text)\u{1B}[0m" : text }
}
