import ControlAPI
import Foundation

/// One switch's control session: requests with their replies, a reader thread handing events to
/// the `EventInbox`, and a pinger keeping the session alive (docs/control-api.md, "Sessions").
public final class SwitchConnection: @unchecked Sendable {
    /// How long a request waits for its reply. The switch answers off the packet path, at most
    /// 1 ms after a core reads its inbox, so a silent switch is a dead one.
    public static let replyTimeout = 10.0
    /// The pinger's period: well inside the switch's shortest sensible session timeout.
    public static let pingInterval = 2.0
    static let connectTimeout = 5.0

    public let index: Int
    public let address: SwitchAddress
    /// The switch's own name (from `hello`); its address until then.
    public private(set) var name: String
    public private(set) var hello: ControlReply?

    private let socket: LineSocket
    private let inbox: EventInbox
    private let state = NSCondition()
    private var nextID = 1
    private var replies: [Int: ControlReply] = [:]
    private var awaited: Set<Int> = []
    private var closedReason: String?
    private var lastSent = Date()

    private init(index: Int, address: SwitchAddress, socket: LineSocket, inbox: EventInbox) {
        self.index = index
        self.address = address
        self.name = address.description
        self.socket = socket
        self.inbox = inbox
    }

    /// Connects, says `hello` with `token` and starts the reader and the pinger.
    public static func attach(index: Int, address: SwitchAddress, token: String, inbox: EventInbox) throws(SwitchError) -> SwitchConnection {
        let connection = SwitchConnection(index: index, address: address, socket: try LineSocket.connect(to: address, timeout: connectTimeout),
                                          inbox: inbox)
        Thread.detachNewThread { connection.readLines() }
        let reply = try connection.request(ControlRequest(id: 0, op: .hello, version: ControlVersion.current, token: token, client: "ucdbg"))
        guard reply.ok else {
            connection.close()
            var why = reply.error ?? "no reason given"
            if let versions = reply.versions {
                why += " (the switch speaks version \(versions.map(String.init).joined(separator: ", ")); ucdbg speaks \(ControlVersion.current))"
            }
            throw SwitchError.refused(address.description, why)
        }
        connection.state.lock()
        connection.hello = reply
        connection.name = reply.switch ?? address.description
        connection.state.unlock()
        Thread.detachNewThread { connection.ping() }
        return connection
    }

    /// Sends `request` (its `id` is assigned here) and waits for the reply. A reply with `ok: false`
    /// is returned, not thrown: its `error` is the switch's answer.
    public func request(_ request: ControlRequest) throws(SwitchError) -> ControlReply {
        let id = send(request, awaitingReply: true)
        let deadline = Date().addingTimeInterval(Self.replyTimeout)
        state.lock()
        defer {
            awaited.remove(id)
            state.unlock()
        }
        while true {
            if let reply = replies.removeValue(forKey: id) { return reply }
            if let reason = closedReason { throw SwitchError.closed(name, reason) }
            guard state.wait(until: deadline) else { throw SwitchError.noReply(name, request.op.rawValue, Self.replyTimeout) }
        }
    }

    /// Whether the session is over (closed by either side).
    public var isClosed: Bool {
        state.lock()
        defer { state.unlock() }
        return closedReason != nil
    }

    /// Ends the session: the switch releases what this session holds (docs/control-api.md).
    public func close() {
        markClosed("closed by ucdbg")
        socket.shutdownBoth()
    }

    private func send(_ request: ControlRequest, awaitingReply: Bool) -> Int {
        state.lock()
        let id = nextID
        nextID += 1
        if awaitingReply { awaited.insert(id) }
        lastSent = Date()
        state.unlock()
        var numbered = request
        numbered.id = id
        if !socket.write(ControlLine.encode(numbered)) { markClosed("write failed") }
        return id
    }

    private func readLines() {
        var reason = "the switch closed the connection"
        do {
            while let line = try socket.readLine(maxBytes: ControlVersion.maxLineBytes) {
                guard !line.isEmpty else { continue }
                switch try? ControlLine(line) {
                case .reply(let reply):
                    state.lock()
                    if awaited.contains(reply.id) { replies[reply.id] = reply }
                    state.broadcast()
                    state.unlock()
                case .event(let event):
                    inbox.post(.event(switchIndex: index, event))
                case nil:
                    inbox.post(.undecodable(switchIndex: index, line: String(decoding: line.prefix(200), as: UTF8.self)))
                }
            }
        } catch {
            reason = error.description
        }
        let wasOpen = markClosed(reason)
        if wasOpen { inbox.post(.disconnected(switchIndex: index, reason: reason)) }
    }

    /// Sends `ping` whenever nothing else was sent for `pingInterval`, until the session ends.
    private func ping() {
        while true {
            Thread.sleep(forTimeInterval: Self.pingInterval / 4)
            state.lock()
            let closed = closedReason != nil
            let idle = Date().timeIntervalSince(lastSent)
            state.unlock()
            if closed { return }
            if idle >= Self.pingInterval { _ = send(ControlRequest(id: 0, op: .ping), awaitingReply: false) }
        }
    }

    @discardableResult
    private func markClosed(_ reason: String) -> Bool {
        state.lock()
        defer { state.unlock() }
        guard closedReason == nil else { return false }
        closedReason = reason
        state.broadcast()
        return true
    }
}
