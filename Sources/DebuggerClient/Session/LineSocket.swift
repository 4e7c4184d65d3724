import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A TCP connection carrying newline-terminated lines: the control API's framing. Writes may come
/// from any thread (they are serialised); `readLine` belongs to one reader thread.
final class LineSocket: @unchecked Sendable {
    private let fd: Int32
    private let writeLock = NSLock()
    private var buffer: [UInt8] = []
    private var scanned = 0
    private var chunk = [UInt8](repeating: 0, count: 64 * 1024)

    private init(fd: Int32) { self.fd = fd }

    /// Connects to `address`, trying each of its resolved addresses, giving up after `timeout` seconds each.
    static func connect(to address: SwitchAddress, timeout: Double) throws(SwitchError) -> LineSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(address.host, String(address.port), &hints, &list)
        guard status == 0, let first = list else {
            throw SwitchError.unreachable(address, String(cString: gai_strerror(status)))
        }
        defer { freeaddrinfo(list) }
        var lastError = "no address"
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            entry = info.pointee.ai_next
            let fd = socket(info.pointee.ai_family, info.pointee.ai_socktype, info.pointee.ai_protocol)
            guard fd >= 0 else { lastError = String(cString: strerror(errno)); continue }
            if let failure = connectWithin(fd: fd, info.pointee.ai_addr, info.pointee.ai_addrlen, timeout: timeout) {
                lastError = failure
                close(fd)
                continue
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
            return LineSocket(fd: fd)
        }
        throw SwitchError.unreachable(address, lastError)
    }

    /// A non-blocking connect bounded by `timeout`; the socket is left blocking. Nil on success.
    private static func connectWithin(fd: Int32, _ addr: UnsafeMutablePointer<sockaddr>?, _ length: socklen_t, timeout: Double) -> String? {
        let flags = fcntl(fd, F_GETFL)
        _ = fcntl(fd, F_SETFL, flags | O_NONBLOCK)
        defer { _ = fcntl(fd, F_SETFL, flags) }
        if Glibc.connect(fd, addr, length) == 0 { return nil }
        guard errno == EINPROGRESS else { return String(cString: strerror(errno)) }
        var pfd = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        guard poll(&pfd, 1, Int32(timeout * 1000)) == 1 else { return "no answer within \(Int(timeout)) s" }
        var error: Int32 = 0
        var size = socklen_t(MemoryLayout<Int32>.size)
        getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size)
        return error == 0 ? nil : String(cString: strerror(error))
    }

    /// Writes all of `data`; false when the connection is gone.
    func write(_ data: Data) -> Bool {
        writeLock.lock()
        defer { writeLock.unlock() }
        return data.withUnsafeBytes { raw -> Bool in
            var offset = 0
            while offset < raw.count {
                let n = send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                if n < 0, errno == EINTR { continue }
                guard n > 0 else { return false }
                offset += n
            }
            return true
        }
    }

    /// The next line without its newline; nil at end of file. Throws on a read error or a line
    /// longer than `maxBytes`.
    func readLine(maxBytes: Int) throws(SwitchError) -> Data? {
        while true {
            if let newline = buffer[scanned...].firstIndex(of: 0x0A) {
                let line = Data(buffer[..<newline])
                buffer.removeSubrange(...newline)
                scanned = 0
                return line
            }
            scanned = buffer.count
            guard buffer.count <= maxBytes else { throw SwitchError.protocolViolation("a line longer than \(maxBytes) bytes") }
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { throw SwitchError.protocolViolation(String(cString: strerror(errno))) }
            if n == 0 { return nil }
            buffer.append(contentsOf: chunk[..<n])
        }
    }

    /// Ends both directions: the reader sees end of file, the switch sees the session close.
    func shutdownBoth() {
        shutdown(fd, Int32(SHUT_RDWR))
    }

    deinit { close(fd) }
}
