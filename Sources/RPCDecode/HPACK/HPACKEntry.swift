/// One entry of an HPACK table (static or dynamic): a header field's name and value, the exact bytes.
struct HPACKEntry {
    var name: [UInt8]
    var value: [UInt8]

    /// `body` applied to the name and value, read in place: nothing copied or retained.
    func withBytes<R>(_ body: (UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<UInt8>) -> R) -> R {
        name.withUnsafeBufferPointer { name in value.withUnsafeBufferPointer { body(name, $0) } }
    }
}
