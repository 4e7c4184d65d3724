#if canImport(Glibc)
import Glibc
#endif

/// The headers or metadata of a message, in wire order, stored in one byte buffer.
///
/// One allocation for the bytes and one for the index per header block; messages of one stream
/// share the block (copy-on-write), so streaming messages after the first allocate nothing for
/// their metadata. Lookups compare bytes and allocate nothing.
public struct Metadata: Sendable, Hashable {
    @usableFromInline var bytes: [UInt8] = []
    /// For entry i: bytes[ends[2i-1] ..< ends[2i]] is the name (ends[-1] = 0), then the value.
    @usableFromInline var ends: [Int32] = []

    public init() {}

    /// Builds metadata from text pairs (tests, and HTTP/1.1 trailers assembled by hand).
    public init(_ pairs: [(String, String)]) {
        for (name, value) in pairs { append(name: Array(name.utf8), value: Array(value.utf8)) }
    }

    /// Number of entries.
    @inlinable public var count: Int { ends.count / 2 }
    @inlinable public var isEmpty: Bool { ends.isEmpty }

    /// Reserves room for `entries` entries of `bytes` bytes in all, so appending them allocates once.
    @inlinable public mutating func reserveCapacity(bytes byteCount: Int, entries: Int) {
        bytes.reserveCapacity(byteCount)
        ends.reserveCapacity(2 * entries)
    }

    /// Removes every entry, keeping the storage for reuse (nothing to do when empty, as storage a
    /// stream hands back to the frame decoder is).
    @inlinable public mutating func removeAll() {
        guard !ends.isEmpty else { return }
        bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
    }

    /// Replaces every entry with `other`'s, copied into this metadata's own storage: nothing is
    /// allocated once the storage has grown, and the two share nothing afterwards (a decoder's
    /// buffer that is refilled for every header block is not copied on its next write).
    @inlinable public mutating func replaceContents(with other: Metadata) {
        bytes.replaceSubrange(bytes.indices, with: other.bytes)
        ends.replaceSubrange(ends.indices, with: other.ends)
    }

    /// Appends one entry; `lowercasingName` folds ASCII upper case (HTTP/1.1 names are case-insensitive).
    @inlinable
    public mutating func append<N: Collection, V: Collection>(name: N, value: V, lowercasingName: Bool = false)
    where N.Element == UInt8, V.Element == UInt8 {
        if lowercasingName {
            for b in name { bytes.append(b &- 0x41 < 26 ? b | 0x20 : b) }
        } else {
            bytes.append(contentsOf: name)
        }
        ends.append(Int32(truncatingIfNeeded: bytes.count))
        bytes.append(contentsOf: value)
        ends.append(Int32(truncatingIfNeeded: bytes.count))
    }

    /// Appends one entry whose name is `field`'s first `nameCount` bytes and whose value is the
    /// rest: one copy for both (HPACK keeps a field's name and value side by side).
    @inlinable
    public mutating func append(field: UnsafeBufferPointer<UInt8>, nameCount: Int) {
        bytes.append(contentsOf: field)
        let end = bytes.count
        ends.append(Int32(truncatingIfNeeded: end - (field.count - nameCount)))
        ends.append(Int32(truncatingIfNeeded: end))
    }

    /// Entry `index` in wire order.
    @inlinable public subscript(index: Int) -> HeaderField {
        let (name, value) = ranges(of: index)
        return HeaderField(name: bytes[name], value: bytes[value])
    }

    /// Where entry `index`'s name and value lie in `bytes`.
    @inlinable func ranges(of index: Int) -> (name: Range<Int>, value: Range<Int>) {
        let nameStart = index == 0 ? 0 : Int(ends[2 * index - 1])
        let nameEnd = Int(ends[2 * index])
        return (nameStart..<nameEnd, nameEnd..<Int(ends[2 * index + 1]))
    }

    /// The value of the first entry named `name` (exact, case-sensitive byte match), without allocating.
    @inlinable public func value(named name: String) -> ArraySlice<UInt8>? {
        var name = name
        let range = name.withUTF8 { key in
            bytes.withUnsafeBufferPointer { bytes in
                ends.withUnsafeBufferPointer { ends -> Range<Int>? in
                    var nameStart = 0
                    var i = 0
                    while i < ends.count {
                        let nameEnd = Int(ends[i]), valueEnd = Int(ends[i + 1])
                        if nameEnd - nameStart == key.count,
                           key.isEmpty || memcmp(bytes.baseAddress! + nameStart, key.baseAddress!, key.count) == 0 {
                            return nameEnd..<valueEnd
                        }
                        nameStart = valueEnd
                        i += 2
                    }
                    return nil
                }
            }
        }
        return range.map { bytes[$0] }
    }

    /// The value of the first entry named `name` as text.
    public func string(named name: String) -> String? {
        value(named: name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Every entry, in wire order.
    public var fields: [HeaderField] { (0..<count).map { self[$0] } }

    /// The trace id of a valid `traceparent`, read without allocating.
    public var traceID: TraceID? {
        value(named: "traceparent").flatMap { TraceID(traceparent: $0) }
    }

    /// The W3C trace context (`traceparent`, `tracestate`, `baggage`), when `traceparent` is valid.
    public var traceContext: TraceContext? {
        guard let parent = value(named: "traceparent") else { return nil }
        return TraceContext(traceparent: parent, tracestate: string(named: "tracestate"),
                            baggage: string(named: "baggage"))
    }
}
