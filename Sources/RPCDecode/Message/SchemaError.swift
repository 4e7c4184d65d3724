/// Why a schema (protobuf descriptor set, Thrift IDL JSON) could not be loaded.
public struct SchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
