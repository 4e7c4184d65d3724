import CZlib

/// Inflates gRPC messages sent with `grpc-encoding: gzip` or `deflate` (zlib), reusing one zlib
/// stream and one output buffer per connection.
///
/// A class because zlib keeps pointers into its `z_stream`; it is created on the first
/// compressed message, so connections without compression never allocate it.
final class GRPCDecompressor {
    private var stream = z_stream()
    private var ready = false
    /// The last inflated message; valid until the next call.
    private(set) var output: [UInt8] = []

    deinit { if ready { inflateEnd(&stream) } }

    /// Inflates `input` (gzip or zlib framing, detected from its header) into `output`, refusing
    /// more than `limit` bytes of output. Returns what went wrong, or nil.
    func inflate(_ input: UnsafeRawBufferPointer, limit: Int) -> DecodeError.Reason? {
        if !ready {
            // 15 + 32: maximum window, detect gzip or zlib header automatically.
            guard inflateInit2_(&stream, 15 + 32, ZLIB_VERSION, Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
                return .compression("zlib could not be initialised")
            }
            ready = true
        } else {
            inflateReset(&stream)
        }
        output.removeAll(keepingCapacity: true)
        guard let base = input.baseAddress, !input.isEmpty else { return .compression("empty compressed message") }
        stream.next_in = UnsafeMutablePointer(mutating: base.assumingMemoryBound(to: Bytef.self))
        stream.avail_in = uInt(input.count)
        var status = Z_OK
        while status == Z_OK {
            let before = output.count
            let room = min(max(input.count * 4, 4096), limit + 1 - before)
            guard room > 0 else { return .limitExceeded(.maxMessageSize, value: output.count) }
            output.append(contentsOf: repeatElement(0, count: room))
            status = output.withUnsafeMutableBytes { out -> Int32 in
                stream.next_out = out.baseAddress!.advanced(by: before).assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(room)
                return CZlib.inflate(&stream, Z_NO_FLUSH)
            }
            output.removeLast(Int(stream.avail_out))
            if output.count > limit { return .limitExceeded(.maxMessageSize, value: output.count) }
            if status == Z_BUF_ERROR && stream.avail_in == 0 { return .compression("compressed message ends early") }
            if status == Z_BUF_ERROR { status = Z_OK }
        }
        guard status == Z_STREAM_END else { return .compression("zlib error \(status)") }
        guard stream.avail_in == 0 else { return .compression("bytes after the end of the compressed data") }
        return nil
    }
}
