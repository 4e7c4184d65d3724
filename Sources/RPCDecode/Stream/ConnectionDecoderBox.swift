/// One protocol's connection decoder on the heap, so that `AnyConnectionDecoder` feeds it in
/// place. Matching an enum case copies its payload out and assigning the case copies it back; a
/// decoder's state is hundreds of bytes and dozens of references: unboxed, those copies cost each
/// kv.Get message of the enforcer-bench replay about 330 instructions (callgrind), 5% of it.
public final class ConnectionDecoderBox<Decoder: ConnectionDecoder> {
    @usableFromInline var decoder: Decoder

    init(_ decoder: Decoder) { self.decoder = decoder }
}
