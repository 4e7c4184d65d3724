import Foundation

/// Reads a `.ucheck` file, its imported schemas, and type-checks it: the front end every
/// `ucheck` subcommand starts with.
public enum SpecLoader {
    public static func load(path: String) throws(SpecError) -> CheckedSpec {
        guard let source = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw SpecError([Diagnostic(.syntax, at: SourceLocation(file: path, line: 1, column: 1), "cannot read \(path)",
                                        text: path, hint: "check the path and that the file is UTF-8")])
        }
        return try load(source: source, file: path)
    }

    /// Checks `source` as if it were the file `file` (imports resolve next to `file`).
    public static func load(source: String, file: String) throws(SpecError) -> CheckedSpec {
        let syntax = try Parser.parse(file: file, source: source)
        var schema = Schema()
        let parent = (file as NSString).deletingLastPathComponent
        let directory = parent.isEmpty ? "." : parent
        var errors: [Diagnostic] = []
        for item in syntax.imports {
            do {
                if item.name.hasSuffix(".proto") {
                    schema.merge(try ProtoSchemaLoader().load(path: item.name, relativeTo: directory, importedAt: item.location))
                } else if item.name.hasSuffix(".thrift") {
                    schema.merge(try ThriftSchemaLoader().load(path: item.name, relativeTo: directory, importedAt: item.location))
                } else {
                    errors.append(Diagnostic(.badSchema, at: item.location, "unsupported schema '\(item.name)'", text: item.name,
                                             hint: "import .proto or .thrift files; declare HTTP endpoints with `route`"))
                }
            } catch {
                errors += error.diagnostics
            }
        }
        guard errors.isEmpty else { throw SpecError(errors) }
        var spec = try TypeChecker.check(syntax, schema: schema)
        spec.schemaSources = schema.sources
        return spec
    }
}
