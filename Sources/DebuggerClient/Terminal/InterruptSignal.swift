#if canImport(Glibc)
import Glibc
#endif

/// Ctrl-C as something to poll: SIGINT writes a byte to a pipe (the self-pipe trick) so that a
/// waiting `continue` or `step`, or the prompt, sees it among its file descriptors.
public enum InterruptSignal {
    nonisolated(unsafe) private static var pipeFDs: [Int32] = [-1, -1]

    /// Installs the handler; returns the descriptor that becomes readable on Ctrl-C.
    public static func install() -> Int32 {
        precondition(pipe(&pipeFDs) == 0, "ucdbg: cannot create a pipe")
        for fd in pipeFDs { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        writeFD = pipeFDs[1]
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in
            var byte: UInt8 = 1
            _ = write(InterruptSignal.writeFD, &byte, 1)
        }
        action.sa_flags = SA_RESTART
        sigemptyset(&action.sa_mask)
        sigaction(SIGINT, &action, nil)
        return pipeFDs[0]
    }

    /// Swallows pending interrupts.
    public static func consume(_ fd: Int32) {
        var sink = [UInt8](repeating: 0, count: 64)
        while read(fd, &sink, sink.count) > 0 {}
    }

    nonisolated(unsafe) private static var writeFD: Int32 = -1
}
