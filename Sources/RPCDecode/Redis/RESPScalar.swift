/// A reply's value when it is a single scalar (what the enforcer compares a command's `reply`
/// against): text lies inside the scanned payload, nothing is copied.
public enum RESPScalar {
    /// A simple string, bulk string, verbatim string (without its `txt:` format) or big number.
    case text(UnsafeRawBufferPointer)
    case integer(Int)
    /// RESP3 `#t` / `#f`.
    case boolean(Bool)
    /// RESP2 null bulk string or array, RESP3 `_`.
    case null
}
