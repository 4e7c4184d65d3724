import Foundation
import ProtobufCReference
import RPCDecode
import XCTest

/// RPCDecode's protobuf decoding against protobuf-c unpacking the same bytes: messages from
/// Python's encoder (random, every field type) and from the real grpcio capture. Both sides print
/// one canonical "path=value" line per value; the sorted lines must be equal. The fast path is
/// checked against the full decode on the same payloads.
final class ProtobufDifferentialTests: XCTestCase {
    private func samples(count: Int) throws -> [[UInt8]] {
        let python = try ExternalTool.requirePython(modules: ["grpc_tools"])
        let out = try ExternalTool.temporaryDirectory("pbsamples")
        defer { try? FileManager.default.removeItem(at: out) }
        let text = try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("protobuf_samples.py").path,
                                                 ExternalTool.fixturesDirectory.path, out.path, "11", String(count)]).output
        return text.split(separator: "\n").map { Array(hexString: String($0)) }
    }

    private func reference(_ type: String, _ payload: [UInt8]) -> [String]? {
        guard let text = payload.withUnsafeBufferPointer({ protobuf_c_reference_canonical(type, $0.baseAddress, $0.count) }) else { return nil }
        defer { free(text) }
        return String(cString: text).split(separator: "\n").map(String.init).sorted()
    }

    private func mine(_ type: String, _ payload: [UInt8], _ schema: ProtobufSchema) throws -> [String] {
        let index = try XCTUnwrap(schema.messageType(named: type))
        let fields = try payload.withUnsafeBytes { bytes in
            try ProtobufDecoder(schema: schema).decode(bytes, as: index)
        }
        var lines: [String] = []
        Self.canonical(fields, path: "", into: &lines)
        return lines.sorted()
    }

    static func canonical(_ fields: [DecodedField], path: String, into lines: inout [String]) {
        for field in fields where !field.name.isEmpty {
            canonical(field.value, path: path.isEmpty ? field.name : "\(path).\(field.name)", into: &lines)
        }
    }

    static func canonical(_ value: FieldValue, path: String, into lines: inout [String]) {
        switch value {
        case .int(let v): lines.append("\(path)=\(v)")
        case .uint(let v): lines.append("\(path)=\(v)")
        case .double(let v): lines.append("\(path)=\(String(format: "%.17g", v))")
        case .bool(let v): lines.append("\(path)=\(v)")
        case .string(let v): lines.append("\(path)=\(v)")
        case .bytes(let v): lines.append("\(path)=\(v.map { String(format: "%02x", $0) }.joined())")
        case .enumeration(_, let number): lines.append("\(path)=\(number)")
        case .message(let fields):
            lines.append("\(path)={}")
            canonical(fields, path: path, into: &lines)
        case .list(let values):
            for (i, v) in values.enumerated() { canonical(v, path: "\(path)[\(i)]", into: &lines) }
        case .map(let entries):
            for (i, e) in entries.enumerated() {
                lines.append("\(path)[\(i)]={}")
                canonical(e.key, path: "\(path)[\(i)].key", into: &lines)
                canonical(e.value, path: "\(path)[\(i)].value", into: &lines)
            }
        case .null, .unknown: lines.append("\(path)=?")
        }
    }

    func testRandomMessagesFromPythonMatchProtobufC() throws {
        let schema = try TestSchema.load()
        let payloads = try samples(count: 300)
        XCTAssertEqual(payloads.count, 300)
        var lines = 0
        for payload in payloads {
            let expected = try XCTUnwrap(reference("ucheck.test.Everything", payload), "protobuf-c rejected a Python message")
            XCTAssertEqual(try mine("ucheck.test.Everything", payload, schema), expected)
            lines += expected.count
        }
        XCTAssertGreaterThan(lines, 300 * 10, "the samples exercise many fields")
    }

    func testGRPCCapturePayloadsMatchProtobufC() throws {
        let schema = try TestSchema.load()
        let (log, _) = try GRPCPeerTests.recordedTraffic()
        var decoder = GRPCConnectionDecoder()
        let records = try decoder.replay(log, cutting: .asRecorded)
        var compared = 0
        for record in records where record.kind != .trailers {
            let method = try XCTUnwrap(schema.method(service: record.service, name: record.method))
            let type = schema.messages[record.direction == .clientToServer ? method.inputType : method.outputType].fullName
            let expected = try XCTUnwrap(reference(type, record.payload))
            XCTAssertEqual(try mine(type, record.payload, schema), expected, "\(record.method) \(record.kind)")
            compared += 1
        }
        XCTAssertEqual(compared, 15)
    }

    func testUnknownFieldsAreKept() throws {
        let schema = try TestSchema.load()
        let payload = try XCTUnwrap(try samples(count: 20).max { $0.count < $1.count })
        let v1 = try XCTUnwrap(schema.messageType(named: "ucheck.test.EverythingV1"))
        let full = try XCTUnwrap(schema.messageType(named: "ucheck.test.Everything"))
        let decoder = ProtobufDecoder(schema: schema)
        let (old, new) = try payload.withUnsafeBytes { (try decoder.decode($0, as: v1), try decoder.decode($0, as: full)) }
        let unknown = old.filter { $0.name.isEmpty }
        XCTAssertFalse(unknown.isEmpty)
        XCTAssertTrue(unknown.allSatisfy { if case .unknown = $0.value { return true } else { return false } })
        // Every field V1 does not declare is kept, with its number.
        let known: Set<Int> = [1, 14]
        XCTAssertEqual(Set(unknown.map(\.number)), Set(new.map(\.number)).subtracting(known))
    }

    func testFastPathAgreesWithTheFullDecode() throws {
        let schema = try TestSchema.load()
        let request = try XCTUnwrap(schema.messageType(named: "ucheck.test.GetRequest"))
        let everything = try XCTUnwrap(schema.messageType(named: "ucheck.test.Everything"))
        let decoder = ProtobufDecoder(schema: schema)
        let paths = ["f_int32", "f_sint64", "f_uint64", "f_fixed64", "f_sfixed32", "f_double", "f_float", "f_bool",
                     "f_string", "f_enum", "f_inner.child.name", "f_inner.depth", "packed_int32", "choice_number"]
        var hits = 0
        for payload in try samples(count: 100) {
            let fields = try payload.withUnsafeBytes { try decoder.decode($0, as: everything) }
            for dotted in paths {
                let path = try XCTUnwrap(schema.fieldPath(dotted, in: everything), dotted)
                let expected = Self.lookup(dotted.split(separator: ".").map(String.init), in: fields)
                let found = try payload.withUnsafeBytes { bytes -> String? in
                    guard let value = try ProtobufScanner.value(at: path, in: bytes) else { return nil }
                    switch path.leaf.type {
                    case .double, .float: return String(format: "%.17g", value.floatingPoint ?? .nan)
                    case .string: return value.bytes(in: bytes).map { String(decoding: $0, as: UTF8.self) }
                    case .uint64, .fixed64: return value.unsignedInteger(as: path.leaf.type).map { "\($0)" }
                    case .bool: return value.signedInteger(as: .bool).map { $0 != 0 ? "true" : "false" }
                    default: return value.signedInteger(as: path.leaf.type).map { "\($0)" }
                    }
                }
                XCTAssertEqual(found, expected, dotted)
                if found != nil { hits += 1 }
            }
        }
        XCTAssertGreaterThan(hits, 400)
        XCTAssertNotNil(schema.fieldPath("payload.f_inner.name", in: request))
        XCTAssertNil(schema.fieldPath("payload.nope", in: request))
        XCTAssertNil(schema.fieldPath("payload.children.name", in: request), "no path through a repeated field")
    }

    /// The canonical text of the value at `path` in a full decode (last element of a list).
    static func lookup(_ path: [String], in fields: [DecodedField]) -> String? {
        guard let field = fields.last(where: { $0.name == path[0] }) else { return nil }
        var value = field.value
        if case .list(let values) = value {
            guard let last = values.last else { return nil }
            value = last
        }
        if path.count > 1 {
            guard case .message(let inner) = value else { return nil }
            return lookup(Array(path.dropFirst()), in: inner)
        }
        var lines: [String] = []
        canonical(value, path: "", into: &lines)
        return lines.first.map { String($0.dropFirst()) }
    }

    func testMalformedPayloadsAreErrorsNotCrashes() throws {
        let schema = try TestSchema.load()
        let everything = try XCTUnwrap(schema.messageType(named: "ucheck.test.Everything"))
        let decoder = ProtobufDecoder(schema: schema, maxDepth: 3)
        func failure(_ bytes: [UInt8]) -> PayloadDecodingError? {
            do {
                _ = try bytes.withUnsafeBytes { try decoder.decode($0, as: everything) }
                return nil
            } catch {
                return error as? PayloadDecodingError
            }
        }
        XCTAssertEqual(failure([0x18])?.reason, "varint runs past the end")
        XCTAssertEqual(failure([0x18] + [UInt8](repeating: 0xFF, count: 11))?.reason, "varint longer than 10 bytes")
        XCTAssertEqual(failure([0x72, 0x05, 0x61])?.reason, "length 5 runs past the end")
        XCTAssertEqual(failure([0x00])?.offset, 0)
        XCTAssertEqual(failure([0x0F])?.reason, "invalid tag 15 (field 1, wire type 7)")
        // Inner nested 4 deep (f_inner.child.child.child) exceeds a depth of 3.
        let deep: [UInt8] = [0x8A, 0x01, 0x06, 0x1A, 0x04, 0x1A, 0x02, 0x1A, 0x00]
        XCTAssertEqual(failure(deep)?.reason, "messages nested deeper than 3")
        XCTAssertEqual(failure([0x0B])?.reason, "group 1 has no end")
        XCTAssertEqual(failure([0x0C])?.reason, "end of group 1 without a start")
    }
}
