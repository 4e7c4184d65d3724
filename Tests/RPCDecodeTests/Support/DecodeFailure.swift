import RPCDecode

/// The error `decoder` reports for `bytes` fed whole from `direction` and then finished; nil when
/// it accepts them. What the peer tests' malformed-stream cases ask of each decoder.
func decodeFailure<Decoder: ConnectionDecoder>(_ decoder: Decoder, _ bytes: [UInt8], from direction: Direction) -> DecodeError? {
    var decoder = decoder
    var sink = CollectingSink()
    do throws(DecodeError) {
        try decoder.feed(bytes, at: 0, from: direction, into: &sink)
        try decoder.finish(direction, into: &sink)
        return nil
    } catch {
        return error
    }
}
