#if canImport(Glibc)
import Glibc
#endif

/// Comparisons of wire bytes (header values, names) with constant ASCII text, in place: the
/// decoders' hot paths test content types and such on every call, where the generic
/// `elementsEqual` / `starts(with:)` over `String.UTF8View` cost a few thousand instructions.
extension ArraySlice<UInt8> {
    /// Whether the bytes begin with `prefix`.
    func hasPrefix(_ prefix: StaticString) -> Bool {
        let length = prefix.utf8CodeUnitCount
        guard count >= length else { return false }
        guard length > 0 else { return true }
        return withUnsafeBufferPointer { memcmp($0.baseAddress!, prefix.utf8Start, length) == 0 }
    }

    /// Whether the bytes are exactly `text`.
    func isEqual(to text: StaticString) -> Bool {
        count == text.utf8CodeUnitCount && hasPrefix(text)
    }
}
