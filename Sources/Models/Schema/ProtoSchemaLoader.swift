import Foundation
import SwiftProtobuf

/// Reads `.proto` files by running `protoc --descriptor_set_out --include_imports` and decoding the
/// `FileDescriptorSet` with SwiftProtobuf. protoc is the reference parser (imports, nested types,
/// options, exact error positions), so ucheck never disagrees with the code generators about a
/// schema; Debian's `protobuf-compiler` provides it (scripts/setup).
public struct ProtoSchemaLoader {
    /// Where protoc is looked for, in order.
    static let protocCandidates = ["/usr/bin/protoc", "/usr/local/bin/protoc"]

    public init() {}

    /// Loads `path` (relative paths are resolved against `directory`). On failure, returns diagnostics
    /// located at the import in the spec, carrying protoc's own `file:line:col` message.
    public func load(path: String, relativeTo directory: String, importedAt location: SourceLocation) throws(SpecError) -> Schema {
        let fullPath = path.hasPrefix("/") ? path : directory + "/" + path
        func failure(_ message: String, hint: String) -> SpecError {
            SpecError([Diagnostic(.badSchema, at: location, message, text: "import \"\(path)\"", hint: hint)])
        }
        guard FileManager.default.fileExists(atPath: fullPath) else {
            throw failure("schema file \(fullPath) does not exist", hint: "import paths are relative to the spec's directory")
        }
        guard let protoc = ProtoSchemaLoader.protocCandidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw failure("protoc is not installed", hint: "run scripts/setup (Debian package protobuf-compiler)")
        }
        let url = URL(fileURLWithPath: fullPath)
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-\(UUID().uuidString).pb")
        defer { try? FileManager.default.removeItem(at: output) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: protoc)
        process.arguments = ["--descriptor_set_out=\(output.path)", "--include_imports",
                             "-I", url.deletingLastPathComponent().path, "-I", "/usr/include", url.lastPathComponent]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { throw failure("cannot run protoc: \(error)", hint: "run scripts/setup") }
        let message = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw failure("protoc rejected the schema: \(message.trimmingCharacters(in: .whitespacesAndNewlines))",
                          hint: "fix the .proto at the position protoc names")
        }
        do {
            let bytes = try Data(contentsOf: output)
            var schema = ProtoSchemaLoader.schema(from: try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes))
            schema.sources.protobufDescriptorSets = [bytes]
            return schema
        } catch {
            throw failure("cannot read protoc's descriptor set: \(error)", hint: "check that protoc is version 3.x")
        }
    }

    /// Converts descriptors to ucheck's schema: scalars map to int/bool/string, enums to int.
    static func schema(from set: Google_Protobuf_FileDescriptorSet) -> Schema {
        var schema = Schema()
        for file in set.file {
            let prefix = file.package.isEmpty ? "" : file.package + "."
            func addMessages(_ messages: [Google_Protobuf_DescriptorProto], scope: String) {
                for message in messages {
                    let fullName = scope + message.name
                    let fields = message.field.map { field in
                        SchemaField(name: field.name, type: fieldType(field), repeated: field.label == .repeated)
                    }
                    schema.messages[fullName] = SchemaMessage(fullName: fullName, fields: fields)
                    addMessages(message.nestedType, scope: fullName + ".")
                }
            }
            addMessages(file.messageType, scope: prefix)
            for service in file.service {
                let methods = service.method.map {
                    SchemaMethod(name: $0.name, input: trimDot($0.inputType), output: trimDot($0.outputType))
                }
                schema.services[prefix + service.name] = SchemaService(fullName: prefix + service.name, methods: methods)
            }
        }
        return schema
    }

    static func trimDot(_ name: String) -> String { name.hasPrefix(".") ? String(name.dropFirst()) : name }

    static func fieldType(_ field: Google_Protobuf_FieldDescriptorProto) -> SchemaFieldType {
        switch field.type {
        case .bool: return .scalar(.bool)
        case .string, .bytes: return .scalar(.string)
        case .message, .group: return .message(trimDot(field.typeName))
        default: return .scalar(.int)
        }
    }
}
