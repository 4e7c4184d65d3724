import Foundation

/// A program run in a detached tmux session of its own (its own tmux server socket), driven the
/// way a person uses a terminal: keys typed with `send-keys`, the screen read back with
/// `capture-pane`. `kill()` ends the session and the program with it.
final class TmuxSession {
    let socket: String
    private var alive = true

    /// Starts `command` (one shell command line) in a `width`×`height` terminal set up the way a
    /// person's is: `TERM=xterm-256color` and no `NO_COLOR` (whatever the test runner's environment says).
    init(_ command: String, width: Int = 160, height: Int = 60, directory: URL) throws {
        socket = directory.appendingPathComponent("tmux-\(UUID().uuidString.prefix(8)).sock").path
        // The tmux server outlives the command that starts it. Foundation's `Process` learns that
        // a child ended when the descriptors it lent the child close, so a server inheriting them
        // would make `Command` wait forever: Python starts tmux with every other descriptor closed.
        _ = try Command.check(["python3", "-c", "import subprocess, sys; sys.exit(subprocess.run(sys.argv[1:], "
                               + "stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode)",
                               "tmux", "-S", socket, "-f", "/dev/null", "new-session", "-d", "-x", String(width), "-y", String(height),
                               "-e", "TERM=xterm-256color", "exec env -u NO_COLOR TERM=xterm-256color " + command])
        _ = try Command.check(["tmux", "-S", socket, "set-option", "-g", "history-limit", "20000"])
    }

    /// Types `text` literally, then Enter unless `enter` is false.
    func type(_ text: String, enter: Bool = true) throws {
        _ = try Command.check(["tmux", "-S", socket, "send-keys", "-t", "0", "-l", text])
        if enter { try press("Enter") }
    }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Up`, `C-c`, …).
    func press(_ keys: String...) throws {
        _ = try Command.check(["tmux", "-S", socket, "send-keys", "-t", "0"] + keys)
    }

    /// The screen and its scrollback, as plain text.
    func screen() -> String {
        (try? Command.check(["tmux", "-S", socket, "capture-pane", "-p", "-J", "-S", "-", "-t", "0"])) ?? ""
    }

    /// The screen once `condition` holds for it, or nil after `timeout` seconds.
    func waitFor(timeout: Double = 20, _ condition: (String) -> Bool) -> String? {
        let deadline = Date().addingTimeInterval(timeout)
        repeat {
            let text = screen()
            if condition(text) { return text }
            usleep(100_000)
        } while Date() < deadline
        return nil
    }

    /// The screen once it contains `text` `count` times, or nil after `timeout` seconds.
    func waitFor(_ text: String, count: Int = 1, timeout: Double = 20) -> String? {
        waitFor(timeout: timeout) { $0.components(separatedBy: text).count - 1 >= count }
    }

    /// The PID of the program in the session.
    func programPID() throws -> Int32 {
        let text = try Command.check(["tmux", "-S", socket, "display-message", "-p", "-t", "0", "#{pane_pid}"])
        guard let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw TmuxError.noPane(text) }
        return pid
    }

    func kill() {
        guard alive else { return }
        alive = false
        _ = try? Command.run(["tmux", "-S", socket, "kill-server"])
        try? FileManager.default.removeItem(atPath: socket)
    }

    deinit { kill() }
}

enum TmuxError: Error, CustomStringConvertible {
    case noPane(String)
    var description: String {
        switch self {
        case .noPane(let text): return "tmux reported no pane PID: \(text)"
        }
    }
}
