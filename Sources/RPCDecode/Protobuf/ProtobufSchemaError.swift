/// Why a descriptor set could not be loaded, or a name not resolved in it.
public struct ProtobufSchemaError: Error, Sendable, Hashable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
