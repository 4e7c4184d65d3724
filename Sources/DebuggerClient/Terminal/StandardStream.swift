#if canImport(Glibc)
import Glibc
#endif

/// Unbuffered writes to stdout or stderr, so ucdbg's lines and libedit's redrawing never interleave out of order.
enum StandardStream {
    case output, error

    func write(_ text: String) {
        let fd = self == .output ? STDOUT_FILENO : STDERR_FILENO
        var bytes = Array(text.utf8)[...]
        while !bytes.isEmpty {
            let n = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return }
            bytes = bytes.dropFirst(n)
        }
    }
}
