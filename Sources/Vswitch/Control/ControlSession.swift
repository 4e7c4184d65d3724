import ControlAPI
import Enforcer
import Foundation
import Glibc
import NFRuntime
import RPCDecode
import Synchronization

/// One client of the control API, on a thread of its own: authenticates it (`hello` first,
/// with the token), answers its requests, and writes the hub's events to it in between. The
/// session ends at end of file, on a protocol error, when the client is silent for
/// `sessionTimeout` seconds, or when it falls `maxBacklog` events behind; the hub then releases
/// what it held.
final class ControlSession: @unchecked Sendable {
    /// Events queued for a client that does not read them, before the session is ended.
    static let maxBacklog = 4096

    private let socket: Int32
    private let token: ControlToken
    private let sessionTimeout: Double
    private let hub: DebugHub
    private let catalog: () -> [ApplicationCatalog]
    private let switchName: String
    /// Wakes the session thread when the hub queues an event (written by core threads).
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let outbox = Mutex<(lines: [Data], overflowed: Bool)>(([], false))
    private var session: Int?

    init(socket: Int32, token: ControlToken, sessionTimeout: Double, hub: DebugHub, catalog: @escaping () -> [ApplicationCatalog],
         switchName: String) {
        self.socket = socket
        self.token = token
        self.sessionTimeout = sessionTimeout
        self.hub = hub
        self.catalog = catalog
        self.switchName = switchName
        var fds: [Int32] = [0, 0]
        _ = pipe(&fds)
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        var sendTimeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &sendTimeout, socklen_t(MemoryLayout<timeval>.size))
    }

    func run() {
        let peer = Self.peerName(socket)
        var reason = "closed by the client"
        defer {
            if let session {
                hub.closeSession(session)
                print("vswitch: debugger session \(session) from \(peer) ended (\(reason)); its holds are released, its breakpoints deleted")
                fflush(nil)
            }
            close(socket)
            close(wakeRead)
            close(wakeWrite)
        }
        var pending: [UInt8] = []
        var lastHeard = Date()
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            var fds = [pollfd(fd: socket, events: Int16(POLLIN), revents: 0), pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0)]
            let ready = poll(&fds, 2, 200)
            if ready < 0, errno != EINTR { reason = "poll failed"; return }
            if fds[1].revents != 0 {
                while read(wakeRead, &chunk, chunk.count) > 0 {}
            }
            guard flushEvents() else { reason = outbox.withLock { $0.overflowed } ? "over \(Self.maxBacklog) events unread" : "write failed"; return }
            if fds[0].revents != 0 {
                let n = recv(socket, &chunk, chunk.count, 0)
                if n < 0, errno == EINTR || errno == EAGAIN { continue }
                guard n > 0 else { reason = n == 0 ? "closed by the client" : "read failed"; return }
                lastHeard = Date()
                pending.append(contentsOf: chunk[0..<n])
                while let newline = pending.firstIndex(of: 0x0A) {
                    let line = Data(pending[..<newline])
                    pending.removeSubrange(...newline)
                    guard handle(line) else { reason = "refused"; return }
                }
                guard pending.count <= ControlVersion.maxLineBytes else {
                    _ = TCPListener.send(ControlLine.encode(ControlReply.failure(0, "line longer than \(ControlVersion.maxLineBytes) bytes")), to: socket)
                    reason = "line too long"
                    return
                }
            }
            if Date().timeIntervalSince(lastHeard) > sessionTimeout {
                reason = "silent for over \(sessionTimeout) s"
                return
            }
        }
    }

    /// Answers one request line; false ends the session.
    private func handle(_ line: Data) -> Bool {
        let request: ControlRequest
        do {
            request = try JSONDecoder().decode(ControlRequest.self, from: line)
        } catch {
            return reply(.failure(0, "not a control request: \(error)"), keepGoing: session != nil)
        }
        guard let session else {
            guard request.op == .hello else { return reply(.failure(request.id, "authenticate first: send hello with the token"), keepGoing: false) }
            return hello(request)
        }
        var answer = ControlReply(id: request.id)
        do throws(PolicyError) {
            switch request.op {
            case .hello:
                answer = .failure(request.id, "already authenticated")
            case .break:
                guard let definition = request.breakpoint else { throw PolicyError("break needs a breakpoint") }
                try hub.setBreakpoint(definition, session: session)
            case .delete:
                answer.deleted = hub.deleteBreakpoints(request.number, session: session)
            case .breakpoints:
                answer.breakpoints = hub.breakpoints(of: session)
            case .continue:
                answer.released = try hub.continueStops(request.stop, session: session)
            case .step:
                guard let trace = try request.traceID else { throw PolicyError("step needs the trace id of the request to follow") }
                answer.released = try hub.step(trace: trace, stop: request.stop, session: session)
            case .unstep:
                guard let trace = try request.traceID else { throw PolicyError("unstep needs a trace id") }
                hub.unstep(trace: trace, session: session)
            case .drop:
                guard let stop = request.stop else { throw PolicyError("drop needs a stop") }
                try hub.drop(stop, session: session)
            case .requests:
                let (stops, stepping, recent) = hub.requests()
                answer.stops = stops
                answer.stepping = stepping
                answer.recent = recent
            case .trace:
                guard let trace = try request.traceID else { throw PolicyError("trace needs a trace id") }
                answer.messages = hub.trace(trace)
            case .ping:
                break
            }
        } catch {
            answer = .failure(request.id, error.description)
        }
        return reply(answer, keepGoing: true)
    }

    private func hello(_ request: ControlRequest) -> Bool {
        guard let version = request.version, ControlVersion.supported.contains(version) else {
            var refusal = ControlReply.failure(request.id, "control API version \(request.version.map(String.init) ?? "none") is not spoken here")
            refusal.versions = ControlVersion.supported
            return reply(refusal, keepGoing: false)
        }
        guard let given = request.token, token.accepts(given) else {
            print("vswitch: control connection from \(Self.peerName(socket)) refused: wrong or missing token")
            fflush(nil)
            return reply(.failure(request.id, "authentication failed: wrong or missing token"), keepGoing: false)
        }
        let id = hub.openSession { [weak self] event in self?.enqueue(ControlLine.encode(event)) }
        session = id
        var answer = ControlReply(id: request.id)
        answer.switch = switchName
        answer.pid = Int(getpid())
        answer.session = id
        answer.sessionTimeout = sessionTimeout
        answer.apps = catalog()
        print("vswitch: debugger session \(id) attached from \(Self.peerName(socket)) (\(request.client ?? "unnamed client"))")
        fflush(nil)
        return reply(answer, keepGoing: true)
    }

    /// Sends `answer` after any events queued before it; false (ending the session) when the
    /// write fails or `keepGoing` is false.
    private func reply(_ answer: ControlReply, keepGoing: Bool) -> Bool {
        guard flushEvents(), TCPListener.send(ControlLine.encode(answer), to: socket) else { return false }
        return keepGoing
    }

    /// Called on core and control threads: queues an event line and wakes the session thread.
    private func enqueue(_ line: Data) {
        outbox.withLock { box in
            guard box.lines.count < Self.maxBacklog else { box.overflowed = true; return }
            box.lines.append(line)
        }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    /// Writes the queued events; false when the client cannot take them.
    private func flushEvents() -> Bool {
        let (lines, overflowed) = outbox.withLock { box in
            defer { box.lines.removeAll() }
            return (box.lines, box.overflowed)
        }
        guard !overflowed else { return false }
        for line in lines where !TCPListener.send(line, to: socket) { return false }
        return true
    }

    private static func peerName(_ socket: Int32) -> String {
        var address = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getpeername(socket, $0, &length) }
        }
        guard ok == 0 else { return "?" }
        return "\(IPv4Address(raw: UInt32(bigEndian: address.sin_addr.s_addr))):\(UInt16(bigEndian: address.sin_port))"
    }
}

private extension ControlRequest {
    /// The request id in `trace`, nil when there is none; throws when it is not 32 lowercase hex digits.
    var traceID: TraceID? {
        get throws(PolicyError) {
            guard let trace else { return nil }
            guard let id = TraceID(hex: trace) else { throw PolicyError("'\(trace)' is not a trace id (32 lowercase hex digits, not all zero)") }
            return id
        }
    }
}
