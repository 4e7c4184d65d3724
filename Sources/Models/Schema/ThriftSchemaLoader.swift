import Foundation
import ThriftSchema

/// Reads `.thrift` files through the Thrift compiler's JSON (`ThriftCompiler`, Debian
/// `thrift-compiler`) into ucheck's schema, like `ProtoSchemaLoader` does for `.proto`. Service
/// `S` of program `p` (the file name) is `p.S`; function `f`'s request is the message
/// `p.S_f_args` (its arguments), its response `p.S_f_result` (`success`, then the declared
/// exceptions), as Thrift's code generators name them; struct `T` is `p.T`. Base types map to
/// ucheck types as protobuf's do: `bool` → bool, `string`/`binary` → string, integers, `double`
/// and enums → int; lists, sets and maps exist but cannot be addressed.
public struct ThriftSchemaLoader {
    public init() {}

    /// Loads `path` (relative paths are resolved against `directory`). On failure, returns a
    /// diagnostic located at the import, carrying the Thrift compiler's own message.
    public func load(path: String, relativeTo directory: String, importedAt location: SourceLocation) throws(SpecError) -> Schema {
        let fullPath = path.hasPrefix("/") ? path : directory + "/" + path
        func failure(_ message: String, hint: String) -> SpecError {
            SpecError([Diagnostic(.badSchema, at: location, message, text: "import \"\(path)\"", hint: hint)])
        }
        guard FileManager.default.fileExists(atPath: fullPath) else {
            throw failure("schema file \(fullPath) does not exist", hint: "import paths are relative to the spec's directory")
        }
        var idl = ThriftIDL()
        let json: Data
        do {
            json = try ThriftCompiler.json(of: fullPath)
            try idl.load(json: json)
        } catch {
            throw failure("\(error)", hint: "fix the .thrift at the line thrift names (scripts/setup installs thrift-compiler)")
        }
        var schema = ThriftSchemaLoader.schema(from: idl)
        schema.sources.thriftJSON = [json]
        return schema
    }

    static func schema(from idl: ThriftIDL) -> Schema {
        var schema = Schema()
        func messageName(_ structure: String) -> String { (idl.structPrograms[structure].map { $0 + "." } ?? "") + structure }
        func field(_ field: ThriftIDL.Field) -> SchemaField {
            switch field.type {
            case .base(.bool): return SchemaField(name: field.name, type: .scalar(.bool), repeated: false)
            case .base(.string), .base(.binary): return SchemaField(name: field.name, type: .scalar(.string), repeated: false)
            case .base, .enumeration: return SchemaField(name: field.name, type: .scalar(.int), repeated: false)
            case .structure(let name): return SchemaField(name: field.name, type: .message(messageName(name)), repeated: false)
            case .list, .map: return SchemaField(name: field.name, type: .scalar(.string), repeated: true)
            }
        }
        for (name, fields) in idl.structs {
            schema.messages[messageName(name)] = SchemaMessage(fullName: messageName(name), fields: fields.map(field))
        }
        for function in idl.functions.values.sorted(by: { $0.name < $1.name }) {
            let service = function.program + "." + function.service
            let input = "\(service)_\(function.name)_args", output = "\(service)_\(function.name)_result"
            schema.messages[input] = SchemaMessage(fullName: input, fields: function.arguments.map(field))
            schema.messages[output] = SchemaMessage(fullName: output, fields: function.result.map(field))
            schema.services[service, default: SchemaService(fullName: service, methods: [])].methods
                .append(SchemaMethod(name: function.name, input: input, output: output))
        }
        return schema
    }
}
