import NFRuntime

/// A window graph between two memory ports, for the reassembly tests: `send` runs frames
/// through one batch each and returns what left; `segment` makes frames of one test connection
/// (client 10.0.0.1:40000 → server 10.0.0.2:80, or the reverse when `response`).
struct WindowHarness {
    typealias TCPGraph = Parse<Parse<Parse<Receive<MemoryPort>, Ethernet>, IPv4>, TCP>
    typealias Graph = Window<TCPGraph, RecordingConsumer>

    let pool: MemoryPool
    let frames: Frames
    let input: MemoryPort
    let output: MemoryPort
    let consumer = RecordingConsumer()
    var sink: PortSink<Graph, MemoryPort>

    init(pool: MemoryPool, limits: WindowLimits = .init()) {
        self.pool = pool
        frames = Frames(pool: pool)
        input = MemoryPort(pool: pool)
        output = MemoryPort(pool: pool)
        sink = input.parse(Ethernet.self).parse(IPv4.self).parse(TCP.self).window(consumer, limits: limits).send(to: output)
    }

    var window: Graph {
        get { sink.parent }
        set { sink.parent = newValue }
    }

    /// A segment of the test connection, client → server unless `response`.
    func segment(_ text: String, seq: UInt32, ack: UInt32 = 0, flags: TCP.Flags = [.ack], response: Bool = false) -> [UInt8] {
        frames.tcp(Array(text.utf8), seq: seq, ack: ack, flags: flags, response: response)
    }

    /// Same, with arbitrary payload bytes.
    func segment(bytes: [UInt8], seq: UInt32, ack: UInt32 = 0, flags: TCP.Flags = [.ack], response: Bool = false) -> [UInt8] {
        frames.tcp(bytes, seq: seq, ack: ack, flags: flags, response: response)
    }

    /// Runs `frames` through the window one batch each; returns the frames forwarded.
    mutating func send(_ frames: [[UInt8]]) -> [[UInt8]] {
        for f in frames {
            input.write(f)
            _ = sink.runOnce()
        }
        return output.read()
    }

    /// Runs one batch with nothing received (released packets go out in it).
    mutating func poll() -> [[UInt8]] {
        _ = sink.runOnce()
        return output.read()
    }

    /// Whether delivery `i` pointed into a pool buffer (a frame) rather than a copy.
    func deliveredInPlace(_ i: Int) -> Bool {
        let slab = UnsafeRawPointer(pool.state.pointee.slab)
        let end = slab + pool.state.pointee.slotCount * pool.state.pointee.slotSize
        return consumer.starts[i] >= slab && consumer.starts[i] < end
    }

    /// The bytes delivered to one direction, concatenated.
    func delivered(response: Bool = false) -> String {
        consumer.events.reduce(into: "") { text, event in
            if case .bytes(response, _, let s) = event { text += s }
        }
    }

    /// The client → server stream of the test connection.
    static let clientStream = StreamID(connection: FlowKey(source: Frames.client, destination: Frames.server, sourcePort: 40000,
                                                           destinationPort: 80, protocolNumber: IPv4.tcp), isResponse: false)
}
