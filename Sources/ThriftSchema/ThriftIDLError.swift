/// Why a Thrift IDL could not be read: the compiler's JSON is malformed, or the compiler failed
/// (its own message, with the IDL's file and line, is kept).
public struct ThriftIDLError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }

    public init(message: String) { self.message = message }
}
