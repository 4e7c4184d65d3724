/// Why a header block could not be decoded (RFC 7541 §5–§6). After one, the direction's dynamic
/// table is out of sync and the connection cannot be followed.
public enum HPACKError: Error, Sendable, Hashable {
    case truncated
    case integerOverflow
    case invalidIndex(Int)
    case invalidHuffman
    case sizeUpdateNotAtStart
    case tableSizeOverLimit(Int)
    /// A size update above the SETTINGS_HEADER_TABLE_SIZE the decoding endpoint advertised (size, setting).
    case tableSizeOverSetting(Int, setting: Int)
    /// The advertised size fell below the table's size and the block did not begin with an update
    /// to at most this (RFC 7541 §4.2).
    case sizeUpdateMissing(required: Int)
    case headerListOverLimit(Int)
}
