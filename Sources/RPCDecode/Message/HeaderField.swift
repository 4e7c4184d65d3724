/// One header or metadata entry, byte-exact as it was on the wire (after HPACK or HTTP/1 parsing).
public struct HeaderField: Sendable, Hashable {
    /// The name; HTTP/2 names are lowercase on the wire, HTTP/1.1 names are lowercased when parsed.
    public var name: ArraySlice<UInt8>
    /// The value's bytes, exactly as sent (gRPC `-bin` values are the application's bytes).
    public var value: ArraySlice<UInt8>

    @inlinable public init(name: ArraySlice<UInt8>, value: ArraySlice<UInt8>) {
        self.name = name
        self.value = value
    }

    /// The name as text (names are ASCII by RFC 9113 §8.2.1 and RFC 9110 §5.1).
    public var nameString: String { String(decoding: name, as: UTF8.self) }
    /// The value as text; bytes that are not UTF-8 become U+FFFD (use `value` for binary metadata).
    public var valueString: String { String(decoding: value, as: UTF8.self) }
}
