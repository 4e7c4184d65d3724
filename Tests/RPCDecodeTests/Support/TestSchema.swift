import Foundation
import RPCDecode

/// The test schema (Fixtures/store.proto) compiled by the real protoc into a descriptor set and
/// loaded, once per test run.
enum TestSchema {
    nonisolated(unsafe) private static var cached: ProtobufSchema?

    static func load() throws -> ProtobufSchema {
        if let cached { return cached }
        let protoc = try ExternalTool.require("protoc")
        let out = try ExternalTool.temporaryDirectory("schema")
        defer { try? FileManager.default.removeItem(at: out) }
        let set = out.appendingPathComponent("store.pb")
        try ExternalTool.run(protoc, ["--descriptor_set_out=\(set.path)", "--include_imports",
                                      "-I\(ExternalTool.fixturesDirectory.path)",
                                      ExternalTool.fixturesDirectory.appendingPathComponent("store.proto").path])
        let schema = try ProtobufSchema(descriptorSet: [UInt8](try Data(contentsOf: set)))
        cached = schema
        return schema
    }
}
