import Foundation
import RPCDecode
import ThriftSchema

/// Loads `--schema` files into a `SchemaRegistry`: `.proto` through the real protoc (a descriptor
/// set with imports), `.pb`/`.desc` descriptor sets directly, `.thrift` through the Thrift
/// compiler's JSON generator.
enum SchemaLoader {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func load(_ paths: [String], includePaths: [String]) throws -> SchemaRegistry {
        var registry = SchemaRegistry()
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-decode-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        for path in paths {
            let url = URL(fileURLWithPath: path)
            switch url.pathExtension {
            case "proto":
                let set = scratch.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".pb")
                let includes = ([url.deletingLastPathComponent().path] + includePaths).map { "-I\($0)" }
                try run("protoc", ["--descriptor_set_out=\(set.path)", "--include_imports"] + includes + [url.path])
                registry.protobuf.append(try ProtobufSchema(descriptorSet: [UInt8](try Data(contentsOf: set))))
            case "pb", "desc", "protoset":
                registry.protobuf.append(try ProtobufSchema(descriptorSet: [UInt8](try Data(contentsOf: url))))
            case "thrift":
                try ThriftCompiler.load(url.path, into: &registry.thrift)
            default:
                throw Failure(description: "\(path): unknown schema kind (expected .proto, .pb, .desc or .thrift)")
            }
        }
        return registry
    }

    private static func run(_ tool: String, _ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [tool] + arguments
        let pipe = Pipe()
        process.standardError = pipe
        process.standardOutput = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "\(tool) failed:\n\(String(decoding: output, as: UTF8.self))")
        }
    }
}
