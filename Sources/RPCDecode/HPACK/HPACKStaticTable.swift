/// The HPACK static table, RFC 7541 Appendix A: index 1–61. Its names and values lie end to end in
/// one allocation, made once and never freed, so a decoder holds the table as two plain pointers
/// and reads an entry with no lazy-global check and no reference counting.
struct HPACKStaticTable: @unchecked Sendable { // immutable memory that lives as long as the process
    /// Number of entries, fixed by the RFC.
    static let count = 61
    /// The one copy every decoder reads.
    static let shared = HPACKStaticTable()

    /// Entry i (from 0) is bytes[ends[2i-1] ..< ends[2i]], its name (ends[-1] = 0), then up to
    /// ends[2i+1] its value.
    private let bytes: UnsafePointer<UInt8>
    private let ends: UnsafePointer<Int32>

    private init() {
        let fields = [
            (":authority", ""), (":method", "GET"), (":method", "POST"), (":path", "/"),
            (":path", "/index.html"), (":scheme", "http"), (":scheme", "https"), (":status", "200"),
            (":status", "204"), (":status", "206"), (":status", "304"), (":status", "400"),
            (":status", "404"), (":status", "500"), ("accept-charset", ""), ("accept-encoding", "gzip, deflate"),
            ("accept-language", ""), ("accept-ranges", ""), ("accept", ""), ("access-control-allow-origin", ""),
            ("age", ""), ("allow", ""), ("authorization", ""), ("cache-control", ""),
            ("content-disposition", ""), ("content-encoding", ""), ("content-language", ""), ("content-length", ""),
            ("content-location", ""), ("content-range", ""), ("content-type", ""), ("cookie", ""),
            ("date", ""), ("etag", ""), ("expect", ""), ("expires", ""),
            ("from", ""), ("host", ""), ("if-match", ""), ("if-modified-since", ""),
            ("if-none-match", ""), ("if-range", ""), ("if-unmodified-since", ""), ("last-modified", ""),
            ("link", ""), ("location", ""), ("max-forwards", ""), ("proxy-authenticate", ""),
            ("proxy-authorization", ""), ("range", ""), ("referer", ""), ("refresh", ""),
            ("retry-after", ""), ("server", ""), ("set-cookie", ""), ("strict-transport-security", ""),
            ("transfer-encoding", ""), ("user-agent", ""), ("vary", ""), ("via", ""),
            ("www-authenticate", ""),
        ]
        precondition(fields.count == Self.count)
        var allBytes: [UInt8] = [], allEnds: [Int32] = []
        for (name, value) in fields {
            allBytes += name.utf8
            allEnds.append(Int32(allBytes.count))
            allBytes += value.utf8
            allEnds.append(Int32(allBytes.count))
        }
        let bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: allBytes.count)
        bytes.initialize(from: allBytes, count: allBytes.count)
        let ends = UnsafeMutablePointer<Int32>.allocate(capacity: allEnds.count)
        ends.initialize(from: allEnds, count: allEnds.count)
        self.bytes = UnsafePointer(bytes)
        self.ends = UnsafePointer(ends)
    }

    /// `body` applied to entry `index` (1…61) read in place: its name then its value, and the
    /// name's length.
    func withEntry<R>(_ index: Int, _ body: (UnsafeBufferPointer<UInt8>, Int) -> R) -> R {
        let i = index - 1
        let nameStart = i == 0 ? 0 : Int(ends[2 * i - 1]), nameEnd = Int(ends[2 * i]), valueEnd = Int(ends[2 * i + 1])
        return body(UnsafeBufferPointer(start: bytes + nameStart, count: valueEnd - nameStart), nameEnd - nameStart)
    }
}
