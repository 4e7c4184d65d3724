import Foundation
import Glibc
import NFRuntime

/// A listening IPv4 TCP socket for the switch's servers off the packet path (metrics, control).
enum TCPListener {
    /// Binds and listens on `host:port`; throws a message naming `what` when it cannot.
    static func open(host: IPv4Address, port: UInt16, for what: String) throws -> Int32 {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var yes: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, socklen_t(MemoryLayout<Int32>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = host.raw.bigEndian
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard fd >= 0, bound == 0, listen(fd, 16) == 0 else {
            let reason = String(cString: strerror(errno))
            if fd >= 0 { close(fd) }
            throw ConfigError(file: what, message: "cannot listen on \(host):\(port): \(reason)")
        }
        return fd
    }

    /// Writes all of `bytes` to `fd`; false when the peer is gone (or a send timeout hit).
    static func send(_ bytes: some DataProtocol, to fd: Int32) -> Bool {
        let data = Array(bytes)
        var sent = 0
        while sent < data.count {
            let n = data.withUnsafeBytes { Glibc.send(fd, $0.baseAddress! + sent, $0.count - sent, Int32(MSG_NOSIGNAL)) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { return false }
            sent += n
        }
        return true
    }
}
