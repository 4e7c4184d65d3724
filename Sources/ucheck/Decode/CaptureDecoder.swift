import Foundation
import NFRuntime
import RPCDecode

/// The stream consumer `ucheck decode` puts behind NFRuntime's `window`: picks each connection's
/// protocol (from `--port` options, else from the client's first bytes), feeds both directions to
/// that protocol's decoder and collects every message as a `CaptureEvent`.
///
/// A class so the driver reads the events out of the graph that owns it. Always forwards: it
/// observes, it does not enforce.
final class CaptureDecoder: StreamConsumer {
    private struct Connection {
        var decoder: AnyConnectionDecoder?
        /// Bytes seen before the protocol is known, per direction, with their start offsets.
        var early = PerDirection<[UInt8]>([], [])
        var failed = false
    }

    /// Bytes of a client direction after which detection gives up.
    static let detectionWindow = 4096

    private let ports: [UInt16: RPCProtocol]
    private let schemas: SchemaRegistry
    private var connections: [FlowKey: Connection] = [:]
    private var events: [CaptureEvent] = []
    /// The capture time of the packet being processed (set by the driver).
    var now: Double = 0

    init(ports: [UInt16: RPCProtocol], schemas: SchemaRegistry) {
        self.ports = ports
        self.schemas = schemas
    }

    /// The events since the last call, in order.
    func takeEvents() -> [CaptureEvent] {
        defer { events.removeAll(keepingCapacity: true) }
        return events
    }

    /// A sink that turns messages into events with their full decode.
    private struct EventSink: MessageSink {
        var records: [MessageRecord] = []
        mutating func receive(_ message: borrowing RPCMessage) { records.append(MessageRecord(message)) }
    }

    /// A connection captured mid-way is decoded from its first bytes like any other; if they are
    /// not a message boundary the decoder reports the error with its offset.
    func open(_ flow: StreamID, midStream: Bool) {}

    func consume(_ bytes: UnsafeRawBufferPointer, at offset: UInt64, of flow: StreamID) -> StreamVerdict {
        var connection = connections[flow.connection] ?? Connection()
        defer { connections[flow.connection] = connection }
        guard !connection.failed else { return .forward }
        var sink = EventSink()
        let direction: Direction = flow.isResponse ? .serverToClient : .clientToServer
        do throws(DecodeError) {
            if connection.decoder == nil {
                connection.early[direction].append(contentsOf: bytes)
                guard let wire = choose(flow, connection.early.clientToServer) else {
                    if connection.early.clientToServer.count > Self.detectionWindow {
                        connection.failed = true
                        report(flow, problem: "not a protocol ucheck decodes (first bytes: \(connection.early.clientToServer.prefix(16).map { String(format: "%02x", $0) }.joined()))")
                    }
                    return .forward
                }
                var decoder = AnyConnectionDecoder(for: wire, thriftIDL: schemas.thrift, limits: schemas.limits)
                // Client bytes first: a server speaks only after its client (HTTP/2 server
                // SETTINGS may race ahead, and need no client state).
                try decoder.feed(connection.early.clientToServer, at: 0, from: .clientToServer, into: &sink)
                try decoder.feed(connection.early.serverToClient, at: 0, from: .serverToClient, into: &sink)
                connection.early = PerDirection([], [])
                connection.decoder = decoder
            } else {
                try connection.decoder!.feed(bytes, at: offset, from: direction, into: &sink)
            }
        } catch {
            connection.failed = true
            report(flow, problem: error.description)
        }
        for record in sink.records { add(record, flow) }
        return .forward
    }

    func close(_ flow: StreamID, reason: StreamCloseReason) {
        guard var connection = connections[flow.connection], !connection.failed, var decoder = connection.decoder else { return }
        var sink = EventSink()
        switch reason {
        case .finished:
            do throws(DecodeError) {
                try decoder.finish(flow.isResponse ? .serverToClient : .clientToServer, into: &sink)
            } catch {
                connection.failed = true
                report(flow, problem: error.description)
            }
        case .limitExceeded(let limit):
            connection.failed = true
            report(flow, problem: "reassembly stopped: limit \(limit.rawValue) hit")
        case .anomaly(let anomaly):
            connection.failed = true
            report(flow, problem: "reassembly stopped: \(anomaly.rawValue) (the receiver's bytes cannot be known)")
        case .reset, .idle, .evicted, .killed:
            break
        }
        connection.decoder = decoder
        connections[flow.connection] = connection
        for record in sink.records { add(record, flow) }
    }

    private func choose(_ flow: StreamID, _ client: [UInt8]) -> RPCProtocol? {
        if let wire = ports[flow.connection.destinationPort] ?? ports[flow.connection.sourcePort] { return wire }
        return client.withUnsafeBytes { ProtocolDetector.detect($0) }
    }

    private func add(_ record: MessageRecord, _ flow: StreamID) {
        var event = CaptureEvent(time: now, client: endpoint(flow.connection, source: true),
                                 server: endpoint(flow.connection, source: false), message: record)
        do {
            event.fields = try schemas.decodeFields(record)
        } catch {
            event.problem = "payload: \(error)"
        }
        events.append(event)
    }

    private func report(_ flow: StreamID, problem: String) {
        events.append(CaptureEvent(time: now, client: endpoint(flow.connection, source: true),
                                   server: endpoint(flow.connection, source: false), problem: problem))
    }

    private func endpoint(_ key: FlowKey, source: Bool) -> String {
        // FlowKey's description is "tcp SRC:PORT > DST:PORT".
        let halves = key.description.split(separator: " ")
        guard halves.count == 4 else { return key.description }
        return String(source ? halves[1] : halves[3])
    }
}
