/// The 9-octet HTTP/2 frame header (RFC 9113 §4.1).
struct HTTP2FrameHeader {
    static let size = 9
    static let flagEndStream: UInt8 = 0x1
    static let flagAck: UInt8 = 0x1
    static let flagEndHeaders: UInt8 = 0x4
    static let flagPadded: UInt8 = 0x8
    static let flagPriority: UInt8 = 0x20

    var length: Int
    var type: UInt8
    var flags: UInt8
    var streamID: UInt32

    /// Reads a header from the first 9 bytes of `bytes` (which must hold them).
    @inline(__always)
    init(_ bytes: UnsafeRawBufferPointer) {
        length = Int(bytes[0]) << 16 | Int(bytes[1]) << 8 | Int(bytes[2])
        type = bytes[3]
        flags = bytes[4]
        streamID = (UInt32(bytes[5]) << 24 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 8 | UInt32(bytes[8])) & 0x7FFF_FFFF
    }

    func has(_ flag: UInt8) -> Bool { flags & flag != 0 }
}
