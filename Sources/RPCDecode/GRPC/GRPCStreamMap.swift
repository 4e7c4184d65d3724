/// The open streams of one HTTP/2 connection by stream id, with the stream found last kept
/// beside the dictionary. A call's frames mostly follow one another on one stream (its HEADERS,
/// DATA, the response's HEADERS, DATA and trailers), so most lookups are one comparison instead
/// of hashing the id.
struct GRPCStreamMap {
    private var streams: [UInt32: GRPCStream] = [:]
    /// The stream last found or inserted, and its id (0, the connection's own, names none).
    private var recentID: UInt32 = 0
    private var recent: GRPCStream?

    var count: Int { streams.count }
    var ids: Dictionary<UInt32, GRPCStream>.Keys { streams.keys }
    var all: Dictionary<UInt32, GRPCStream>.Values { streams.values }

    /// The open stream `id`, or nil.
    mutating func stream(_ id: UInt32) -> GRPCStream? {
        if id == recentID, let recent { return recent }
        guard let found = streams[id] else { return nil }
        recentID = id
        recent = found
        return found
    }

    mutating func insert(_ stream: GRPCStream, for id: UInt32) {
        streams[id] = stream
        recentID = id
        recent = stream
    }

    /// Removes stream `id`; returns it, or nil if it was not open.
    @discardableResult
    mutating func remove(_ id: UInt32) -> GRPCStream? {
        if id == recentID {
            recentID = 0
            recent = nil
        }
        return streams.removeValue(forKey: id)
    }
}
