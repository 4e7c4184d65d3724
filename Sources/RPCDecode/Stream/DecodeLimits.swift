/// The values of the named limits (`DecodeLimit`) a decoder enforces. Defaults follow the peers we
/// decode, so real traffic never hits them.
public struct DecodeLimits: Sendable, Hashable {
    /// 4 MiB: gRPC's default maximum receive message size; grpc peers refuse larger ones anyway.
    public static let defaultMaxMessageSize = 4 << 20
    /// 64 KiB: above grpc-core's 16 KiB soft limit and HTTP servers' usual 8–64 KiB.
    public static let defaultMaxHeaderListSize = 64 << 10
    /// 100: protobuf's default recursion limit (Thrift's is 64; we take the larger).
    public static let defaultMaxNestingDepth = 100
    /// 1024 open streams: grpc-core advertises 100 by default, Go's server 250.
    public static let defaultMaxConcurrentStreams = 1024
    /// 100 resets of streams that got no response, per 1000 streams opened: far above what a
    /// client cancelling calls does, far below a rapid-reset attack's near 100 %.
    public static let defaultMaxRapidResets = 100
    /// Streams per rapid-reset counting window.
    public static let rapidResetWindow = 1000
    /// 1 MiB: the largest HTTP/2 frame buffered (peers use 16 KiB unless SETTINGS raise it).
    public static let defaultMaxFrameSize = 1 << 20
    /// 64 KiB: the largest HPACK dynamic table accepted (grpc-core and Go use 4 KiB).
    public static let defaultMaxHeaderTableSize = 64 << 10
    /// 16 SETTINGS frames awaiting their ACK per direction: peers send one at the start and rarely
    /// another before it is acknowledged.
    public static let defaultMaxUnacknowledgedSettings = 16
    /// 64 KiB: an HTTP/1.1 start line or header line, a RESP simple line.
    public static let defaultMaxLineLength = 64 << 10
    /// 1 M elements in a RESP aggregate or Thrift collection.
    public static let defaultMaxElements = 1 << 20

    /// 65536 requests in flight on one HTTP/1.1 or Redis connection: redis-benchmark pipelines 16–1000.
    public static let defaultMaxPipelinedRequests = 1 << 16

    public var maxMessageSize = defaultMaxMessageSize
    public var maxHeaderListSize = defaultMaxHeaderListSize
    public var maxNestingDepth = defaultMaxNestingDepth
    public var maxConcurrentStreams = defaultMaxConcurrentStreams
    public var maxRapidResets = defaultMaxRapidResets
    public var maxFrameSize = defaultMaxFrameSize
    public var maxHeaderTableSize = defaultMaxHeaderTableSize
    public var maxUnacknowledgedSettings = defaultMaxUnacknowledgedSettings
    public var maxLineLength = defaultMaxLineLength
    public var maxElements = defaultMaxElements
    public var maxPipelinedRequests = defaultMaxPipelinedRequests

    public init() {}
}
