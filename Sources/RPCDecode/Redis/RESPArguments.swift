/// Where a command's first elements lie, as `RESPFraming` found them while framing its array:
/// the element count the array declares and its first `capacity` bulk strings (offsets from the
/// command's first byte). The decoder and the checks read the command name, the argument count
/// and the first arguments from it instead of scanning the command again; past what it holds,
/// and for inline commands, it asks `RESPScanner`, whose answers it gives in every case.
public struct RESPArguments: Sendable {
    /// How many leading elements are kept.
    public static let capacity = 4
    /// The value framed was an array; false for inline commands (nothing recorded).
    private(set) var isArray = false
    /// The element count the array declares (0 for a null array).
    private var declaredCount = 0
    /// Leading elements, at most `capacity`, that are bulk strings: element i below it is
    /// `lengths[i]` bytes from `starts[i]`.
    private var bulkPrefix = 0
    /// Elements of the array framed so far.
    private var seen = 0
    private var starts = SIMD4<Int32>()
    private var lengths = SIMD4<Int32>()

    public init() {}

    /// The number of arguments including the command name, as `RESPScanner.argumentCount`.
    public func count(in payload: UnsafeRawBufferPointer) -> Int {
        isArray ? declaredCount : RESPScanner.argumentCount(in: payload)
    }

    /// Argument `index` (0 = the command name) of `payload`, the command these were recorded
    /// for, as `RESPScanner.argument`: nil unless it and every element before it is a bulk string.
    public func argument(_ index: Int, in payload: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        guard isArray else { return RESPScanner.argument(index, in: payload) }
        guard index >= 0, index < declaredCount else { return nil }
        if index < bulkPrefix {
            let start = Int(starts[index])
            return UnsafeRawBufferPointer(rebasing: payload[start..<(start + Int(lengths[index]))])
        }
        // Fewer than `capacity` leading bulk strings: an element that is none came first.
        guard bulkPrefix == Self.capacity else { return nil }
        return RESPScanner.argument(index, in: payload)
    }

    /// Framing starts a new value: nothing recorded until its array header.
    mutating func clear() { isArray = false }

    /// Framing met the array header of a command declaring `count` elements.
    mutating func beginArray(count: Int) {
        isArray = true
        declaredCount = max(count, 0)
        bulkPrefix = 0
        seen = 0
    }

    /// Framing met the array's next element: a bulk string of `length` bytes from `start`, or
    /// (nil) any other element.
    mutating func element(start: Int, length: Int?) {
        if let length, bulkPrefix == seen, seen < Self.capacity {
            starts[seen] = Int32(truncatingIfNeeded: start)
            lengths[seen] = Int32(truncatingIfNeeded: length)
            bulkPrefix += 1
        }
        seen += 1
    }
}
