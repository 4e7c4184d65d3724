import Enforcer
import Foundation
import Glibc
import NFRuntime

/// The Prometheus endpoint: a thread off the packet path answering `GET /metrics` (any path,
/// in fact) on the configured address with the enforcer's counters in the text format.
final class MetricsServer: @unchecked Sendable {
    private let metrics: MetricsRegistry
    private let socketFD: Int32

    /// Binds `host:port`; throws a message when the address cannot be bound.
    init(host: IPv4Address, port: UInt16, metrics: MetricsRegistry) throws {
        self.metrics = metrics
        socketFD = try TCPListener.open(host: host, port: port, for: "metrics")
    }

    /// Serves on a thread off the packet cores.
    func start(on environment: DPDKEnvironment) throws {
        try environment.startControlThread(named: "metrics") { [self] in
            while true {
                let client = accept(socketFD, nil, nil)
                guard client >= 0 else { if errno == EINTR { continue }; return }
                serve(client)
            }
        }
    }

    private func serve(_ client: Int32) {
        defer { close(client) }
        var timeout = timeval(tv_sec: 2, tv_usec: 0)
        setsockopt(client, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var request = [UInt8](repeating: 0, count: 4096)
        _ = recv(client, &request, request.count, 0)
        let body = metrics.prometheusText()
        let response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; version=0.0.4\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n" + body
        _ = TCPListener.send(Array(response.utf8), to: client)
    }
}
