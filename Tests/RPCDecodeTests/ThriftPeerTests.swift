import Foundation
import RPCDecode
import ThriftSchema
import XCTest

/// Thrift traffic between the Python thrift library's client and server (Peers/thrift_peer.py),
/// binary and compact, framed and unframed, with names from the IDL through `thrift --gen json`.
/// Every field of every message is compared with what the peers sent.
final class ThriftPeerTests: XCTestCase {
    struct Expected: Decodable {
        struct Message: Decodable {
            var direction: String
            var name: String
            var type: Int
        }
        var compact: Bool
        var framed: Bool
        var messages: [Message]
    }

    private func loadIDL() throws -> ThriftIDL {
        let thrift = try ExternalTool.require("thrift")
        let out = try ExternalTool.temporaryDirectory("thriftidl")
        defer { try? FileManager.default.removeItem(at: out) }
        try ExternalTool.run(thrift, ["--gen", "json", "-out", out.path, ExternalTool.fixturesDirectory.appendingPathComponent("inventory.thrift").path])
        var idl = ThriftIDL()
        try idl.load(json: Data(contentsOf: out.appendingPathComponent("inventory.json")))
        return idl
    }

    /// The canonical JSON form Peers/thrift_peer.py writes, built from a decoded value.
    private func plain(_ value: FieldValue, field: String) -> Any {
        switch value {
        case .bool(let b): return b
        case .int(let i): return i
        case .uint(let u): return u
        case .double(let d): return d
        case .string(let s): return "s:" + s
        case .bytes(let b): return "x:" + b.map { String(format: "%02x", $0) }.joined()
        case .enumeration(_, let n): return Int(n)
        case .message(let fields): return plain(fields)
        case .list(let values):
            let items = values.map { plain($0, field: "") }
            return field == "codes" ? items.compactMap { $0 as? Int64 }.sorted() : items
        case .map(let entries): return entries.map { [plain($0.key, field: ""), plain($0.value, field: "")] }
        case .null, .unknown: return NSNull()
        }
    }

    private func plain(_ fields: [DecodedField]) -> [String: Any] {
        Dictionary(uniqueKeysWithValues: fields.map { ($0.name, plain($0.value, field: $0.name)) })
    }

    private func canonicalJSON(_ object: Any) throws -> String {
        String(decoding: try JSONSerialization.data(withJSONObject: object, options: [.sortedKeys]), as: UTF8.self)
    }

    func testEveryProtocolAndTransportAgainstPythonThrift() throws {
        let python = try ExternalTool.requirePython(modules: ["thrift"])
        _ = try ExternalTool.require("thrift")
        let idl = try loadIDL()
        let out = try ExternalTool.temporaryDirectory("thrift")
        defer { try? FileManager.default.removeItem(at: out) }
        try ExternalTool.run(python, [ExternalTool.peersDirectory.appendingPathComponent("thrift_peer.py").path,
                                      ExternalTool.fixturesDirectory.appendingPathComponent("inventory.thrift").path, out.path])
        let expectedData = try Data(contentsOf: out.appendingPathComponent("expected.json"))
        let expected = try JSONDecoder().decode([Expected].self, from: expectedData)
        let expectedFields = try XCTUnwrap(try JSONSerialization.jsonObject(with: expectedData) as? [[String: Any]])
        XCTAssertEqual(expected.count, 4)
        let decoder = ThriftDecoder(idl: idl)
        for (index, connection) in expected.enumerated() {
            let label = "\(connection.compact ? "compact" : "binary") \(connection.framed ? "framed" : "unframed")"
            let log = try ConnectionLog(contentsOf: out.appendingPathComponent("thrift\(index).log"))
            var reference: [MessageRecord]?
            for cutting in [Cutting.asRecorded, .dripFeed, .random(seed: 4)] {
                var thrift = ThriftConnectionDecoder(idl: idl)
                let records = try thrift.replay(log, cutting: cutting)
                XCTAssertEqual(thrift.protocolKind(.clientToServer), ThriftProtocolKind(isCompact: connection.compact, isFramed: connection.framed), label)
                if let reference { XCTAssertEqual(records, reference, "\(label) \(cutting)") } else { reference = records }
            }
            let records = try XCTUnwrap(reference)
            let messages = try XCTUnwrap(expectedFields[index]["messages"] as? [[String: Any]])
            XCTAssertEqual(records.count, connection.messages.count, label)
            for (record, (message, fields)) in zip(records, zip(connection.messages, messages)) {
                XCTAssertEqual(record.method, message.name, label)
                XCTAssertEqual(record.service, "Inventory", label)
                XCTAssertEqual(record.direction, message.direction == "c2s" ? .clientToServer : .serverToClient, label)
                XCTAssertEqual(record.kind, message.type == 2 ? .response : .request, label)
                XCTAssertEqual(record.payloadEncoding, connection.compact ? .thriftCompact : .thriftBinary)
                let decoded = try decoder.fields(of: record)
                XCTAssertEqual(try canonicalJSON(plain(decoded)), try canonicalJSON(fields["fields"] as Any), "\(label) \(record.method) \(record.kind)")
            }
            let missing = records.filter { $0.kind == .response && $0.method == "get" }.last
            XCTAssertEqual(missing?.status, RPCStatus(code: 1, message: "missing"), "\(label): declared exception")
            XCTAssertEqual(records.first { $0.method == "put" && $0.kind == .response }?.status, RPCStatus(code: 0, message: ""))
            // Fast path: get's version argument, put's item.main.name, without decoding the rest.
            let get = try XCTUnwrap(records.first { $0.method == "get" && $0.kind == .request })
            XCTAssertEqual(get.payload.withUnsafeBytes { ThriftScanner.value(at: [2], in: $0, compact: connection.compact) }, .integer(1))
            let put = try XCTUnwrap(records.first { $0.method == "put" && $0.kind == .request })
            let name = put.payload.withUnsafeBytes { bytes -> String? in
                guard case .bytes(let range)? = ThriftScanner.value(at: [1, 13, 1], in: bytes, compact: connection.compact) else { return nil }
                return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self)
            }
            XCTAssertEqual(name, "main", label)
        }
    }

    func testMalformedAndOverLimitStreams() {
        func failure(_ bytes: [UInt8], limits: DecodeLimits = DecodeLimits()) -> DecodeError? {
            decodeFailure(ThriftConnectionDecoder(limits: limits), bytes, from: .clientToServer)
        }
        XCTAssertEqual(failure(Array("GET / HTTP/1.1\r\n".utf8))?.reason,
                       .malformed("neither a Thrift binary (0x8001) nor compact (0x82) message, framed or unframed"))
        // Binary CALL "m", seqid 0, then a field of unknown type 9.
        let call: [UInt8] = [0x80, 0x01, 0x00, 0x01, 0, 0, 0, 1, 0x6D, 0, 0, 0, 0]
        XCTAssertEqual(failure(call + [0x09, 0, 1])?.reason, .malformed("unknown Thrift type 9"))
        XCTAssertEqual(failure(call + [0x08, 0, 1, 0, 0])?.reason, .truncated)
        XCTAssertEqual(failure(call + [0x0F, 0, 1, 0x08, 0xFF, 0xFF, 0xFF, 0xFF])?.reason, .malformed("negative container size -1"))
        var small = DecodeLimits()
        small.maxElements = 10
        small.maxNestingDepth = 3
        small.maxMessageSize = 100
        XCTAssertEqual(failure(call + [0x0F, 0, 1, 0x08, 0, 0, 0, 11], limits: small)?.reason, .limitExceeded(.maxElements, value: 11))
        XCTAssertEqual(failure(call + [0x0C, 0, 1, 0x0C, 0, 1, 0x0C, 0, 1, 0x0C, 0, 1], limits: small)?.reason.isNestingLimit, true)
        XCTAssertEqual(failure([0, 0, 0, 101, 0x80, 0x01], limits: small)?.reason, .limitExceeded(.maxMessageSize, value: 101))
    }
}

extension DecodeError.Reason {
    var isNestingLimit: Bool {
        if case .limitExceeded(.maxNestingDepth, _) = self { return true }
        return false
    }
}
