import Foundation

/// The schema files a spec imported, in the form a reader of wire messages needs them: protoc's
/// descriptor sets (imports included) and the Thrift compiler's JSON. `ucheck compile` embeds
/// them in the compiled spec so the enforcer decodes fields with exactly the schemas the spec was
/// verified against, from one file.
public struct SchemaSources: Sendable, Hashable, Codable {
    /// Serialized `google.protobuf.FileDescriptorSet`s, one per imported `.proto` (base64 in JSON).
    public var protobufDescriptorSets: [Data] = []
    /// `thrift --gen json` output, one per imported `.thrift` (base64 in JSON).
    public var thriftJSON: [Data] = []

    public init(protobufDescriptorSets: [Data] = [], thriftJSON: [Data] = []) {
        self.protobufDescriptorSets = protobufDescriptorSets
        self.thriftJSON = thriftJSON
    }

    mutating func merge(_ other: SchemaSources) {
        protobufDescriptorSets += other.protobufDescriptorSets
        thriftJSON += other.thriftJSON
    }
}
