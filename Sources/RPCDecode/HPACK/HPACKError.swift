/// Why a header block could not be decoded (RFC 7541 §5–§6). After one, the direction's dynamic
/// table is out of sync and the connection cannot be followed.
public enum HPACKError: Error, Sendable, Hashable {
    case truncated
    case integerOverflow
    case invalidIndex(Int)
    case invalidHuffman
    case sizeUpdateNotAtStart
    case tableSizeOverLimit(Int)
    case headerListOverLimit(Int)
}
