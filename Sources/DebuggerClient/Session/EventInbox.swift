import ControlAPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Where the switches' reader threads leave events for the main thread. `readFD` becomes
/// readable when something is waiting, so the main loop can poll it with the terminal.
public final class EventInbox: @unchecked Sendable {
    /// Something a switch said (or did) without being asked.
    public enum Item: Sendable {
        case event(switchIndex: Int, ControlEvent)
        case disconnected(switchIndex: Int, reason: String)
        /// A line that is not a reply or event of this version; it is skipped.
        case undecodable(switchIndex: Int, line: String)
    }

    private let lock = NSLock()
    private var items: [Item] = []
    private let pipeFDs: [Int32]

    public init() {
        var fds: [Int32] = [-1, -1]
        precondition(pipe(&fds) == 0, "ucdbg: cannot create a pipe: \(String(cString: strerror(errno)))")
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        pipeFDs = fds
    }

    public var readFD: Int32 { pipeFDs[0] }

    func post(_ item: Item) {
        lock.lock()
        items.append(item)
        lock.unlock()
        var byte: UInt8 = 1
        _ = write(pipeFDs[1], &byte, 1)
    }

    /// Everything posted so far, oldest first.
    public func drain() -> [Item] {
        var sink = [UInt8](repeating: 0, count: 256)
        while read(pipeFDs[0], &sink, sink.count) > 0 {}
        lock.lock()
        defer { lock.unlock() }
        let taken = items
        items.removeAll()
        return taken
    }

    deinit { pipeFDs.forEach { close($0) } }
}
