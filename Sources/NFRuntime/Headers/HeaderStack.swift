/// The headers parsed so far, as a type: `Stacked<TCP, Stacked<IPv4, Stacked<Ethernet, NoHeaders>>>`.
///
/// The stack lives only in types (no runtime cost); it lets `Packet` type its `header` and
/// `lower`, and lets `deparse` pop exactly one layer.
public protocol HeaderStack {
    associatedtype Top: PacketHeader
    associatedtype Below: HeaderStack
    /// Number of parsed headers (0 for `NoHeaders`).
    static var depth: Int { get }
}

/// The empty stack of a raw frame: its top is the zero-length `NullHeader` (thesis ch. 3.1.1).
public enum NoHeaders: HeaderStack {
    public typealias Top = NullHeader
    public typealias Below = NoHeaders
    @inlinable public static var depth: Int { 0 }
}

/// `Top` parsed on `Below`.
public enum Stacked<Top: PacketHeader, Below: HeaderStack>: HeaderStack {
    @inlinable public static var depth: Int { Below.depth + 1 }
}

/// The zero-length header every raw frame starts with; it announces a frame start.
@frozen
public struct NullHeader: PacketHeader {
    public let base: UnsafeMutableRawPointer
    @inlinable public init(at base: UnsafeMutableRawPointer) { self.base = base }
    @inlinable public static var minimumLength: Int { 0 }
    @inlinable public static var code: NextHeader { .unknown }
    @inlinable public var length: Int { 0 }
    @inlinable public var next: NextHeader { .frame }
    @inlinable public func isValid(available: Int) -> Bool { true }
}
