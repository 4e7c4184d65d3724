import Foundation

/// Runs Debian's Thrift compiler (`thrift --gen json`, package thrift-compiler, installed by
/// scripts/setup) on an IDL file and reads its JSON: the compiler is the reference parser, so
/// ucheck never disagrees with the code generators, and its errors (with file and line) are kept.
public enum ThriftCompiler {
    /// Where the compiler is looked for, in order.
    static let candidates = ["/usr/bin/thrift", "/usr/local/bin/thrift"]

    /// The names `path` declares, added to `idl`.
    public static func load(_ path: String, into idl: inout ThriftIDL) throws(ThriftIDLError) {
        let data = try json(of: path)
        do { try idl.load(json: data) }
        catch let error as ThriftIDLError { throw error }
        catch { throw ThriftIDLError(message: "cannot read thrift's JSON for \(path): \(error)") }
    }

    /// The compiler's JSON description of `path` (what `ThriftIDL.load(json:)` reads).
    public static func json(of path: String) throws(ThriftIDLError) -> Data {
        guard let thrift = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
            throw ThriftIDLError(message: "the Thrift compiler is not installed (run scripts/setup: Debian package thrift-compiler)")
        }
        let url = URL(fileURLWithPath: path)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("ucheck-thrift-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: thrift)
        process.arguments = ["--gen", "json", "-out", scratch.path, url.path]
        let output = Pipe()
        process.standardError = output
        process.standardOutput = output
        do {
            try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
            try process.run()
        } catch {
            throw ThriftIDLError(message: "cannot run \(thrift): \(error)")
        }
        let message = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ThriftIDLError(message: "thrift rejected \(path): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        let json = scratch.appendingPathComponent(url.deletingPathExtension().lastPathComponent + ".json")
        do { return try Data(contentsOf: json) }
        catch { throw ThriftIDLError(message: "cannot read thrift's JSON for \(path): \(error)") }
    }
}
