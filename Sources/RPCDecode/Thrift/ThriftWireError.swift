/// Why Thrift bytes could not be read: they end early (more may come), or they are wrong.
enum ThriftWireError: Error {
    /// The bytes end early; at least `needing` bytes (from the buffer's start) are required.
    case incomplete(needing: Int)
    case malformed(at: Int, String)
    case limit(at: Int, DecodeLimit, Int)
}
