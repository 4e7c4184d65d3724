import ControlAPI
import NFRuntime
import RPCDecode

/// What the enforcer keeps for one TCP connection of an enforced application: who talks to
/// whom, the protocol decoder, and the checked fields of requests awaiting their responses.
final class ConnectionState {
    /// At most this many calls await a response per connection (HTTP/2 streams, pipelined
    /// requests); beyond it a response's `request.` fields read as missing. Matches
    /// `DecodeLimits.defaultMaxStreamsPerConnection`'s order of magnitude.
    static let maxPendingCalls = 1024

    let app: String
    /// Service names (`client` for a caller outside the application).
    let client: String
    let server: String
    let clientIsService: Bool
    /// The connection's first packet went server → client (picked up mid-stream).
    let reversed: Bool
    var decoder: AnyConnectionDecoder
    /// The application's current policy and the server's methods in it, refreshed when a reload
    /// changes the snapshot generation.
    var policy: ApplicationPolicy?
    var served = ServedMethods() {
        didSet { lastMethod = nil }
    }
    /// The method the connection's last gRPC, Thrift or Redis message resolved to, and the
    /// service that message named: a connection's messages mostly repeat one method, so most
    /// resolve by comparing two names instead of hashing.
    private var lastMethod: ServedMethods.Method?
    private var lastService = ""
    /// `client` and `server` as positions in the policy's `serviceNames`.
    var clientPosition = 0
    var serverPosition = 0
    var generation = -1
    var pending: [UInt64: [String: CheckValue]] = [:]
    /// Request ids of calls awaiting their responses, kept while a debugger is attached.
    var traces = PendingTraces()
    /// `app`, `client` and `server` for the debugger's recorder, made at its first record.
    private(set) lazy var names = ConnectionNames(app: app, client: client, server: server)
    /// No further checking: a violation killed it, or (monitor mode) it could not be decoded.
    var done = false
    /// Why the connection is refused on its first data, decided when it opened: picked up
    /// mid-stream (its messages cannot be decoded), or made to an undeclared port.
    var refusal: Violation?
    var directionsClosed = 0

    init(app: String, client: String, server: String, clientIsService: Bool, reversed: Bool, decoder: AnyConnectionDecoder) {
        self.app = app
        self.client = client
        self.server = server
        self.clientIsService = clientIsService
        self.reversed = reversed
        self.decoder = decoder
    }

    /// The method of `served` that `message` is, nil when the server has no such method.
    func method(of message: borrowing RPCMessage, http: HTTPMessageParts?) -> ServedMethods.Method? {
        if message.wire == .http1 || message.wire == .http2 { return served.method(of: message, http: http) }
        if let lastMethod, lastMethod.name == message.method, lastService == message.service { return lastMethod }
        guard let method = served.method(of: message, http: nil) else { return nil }
        lastMethod = method
        lastService = message.service
        return method
    }

    /// The client's and the server's end of the connection whose key is `key`.
    func parties(_ key: FlowKey) -> (client: MessageEvent.Party, server: MessageEvent.Party) {
        let forward = reversed ? key.reversed : key
        func party(_ service: String, _ address: UInt128, _ port: UInt16) -> MessageEvent.Party {
            MessageEvent.Party(service: service, address: IPv4Address(raw: UInt32(truncatingIfNeeded: address)).description, port: port)
        }
        return (party(client, forward.source, forward.sourcePort), party(server, forward.destination, forward.destinationPort))
    }
}
