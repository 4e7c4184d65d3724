import Foundation

/// Names from a `.thrift` IDL, read from the Thrift compiler's JSON (`thrift --gen json x.thrift`,
/// see `ThriftCompiler`): services and their functions' argument and result fields, structs,
/// exceptions and enums. Shared by RPCDecode (names for decoded fields) and Models (schemas of
/// Thrift services in specs).
public struct ThriftIDL: Sendable {
    /// A Thrift base type, as the compiler's JSON names it.
    public enum BaseType: String, Sendable, Hashable {
        case bool, i8, i16, i32, i64, double, string, binary
    }

    /// A declared type.
    public indirect enum TypeRef: Sendable, Hashable {
        /// A base type; nil for one this reader does not know (e.g. `uuid`).
        case base(BaseType?)
        case structure(String)
        case enumeration(String)
        case list(TypeRef)
        case map(key: TypeRef, value: TypeRef)
    }

    /// A field of a struct, or an argument or result of a function.
    public struct Field: Sendable, Hashable {
        public var id: Int16
        public var name: String
        public var type: TypeRef
    }

    /// A service function.
    public struct Function: Sendable, Hashable {
        /// The program (IDL file name without `.thrift`) declaring the service.
        public var program: String
        public var service: String
        public var name: String
        public var arguments: [Field]
        /// Field 0 `success` (unless void), then the declared exceptions.
        public var result: [Field]
        public var oneway: Bool
    }

    public private(set) var structs: [String: [Field]] = [:]
    public private(set) var enums: [String: [Int32: String]] = [:]
    public private(set) var functions: [String: Function] = [:]
    /// The program declaring each struct, exception and union, by unqualified name.
    public private(set) var structPrograms: [String: String] = [:]

    /// Reads the compiler's JSON; merges into `self` (several IDL files can be loaded).
    public mutating func load(json: Data) throws {
        guard let root = try JSONSerialization.jsonObject(with: json) as? [String: Any] else {
            throw ThriftIDLError(message: "Thrift JSON: not an object")
        }
        let program = root["name"] as? String ?? ""
        for e in root["enums"] as? [[String: Any]] ?? [] {
            guard let name = e["name"] as? String else { continue }
            var values: [Int32: String] = [:]
            for m in e["members"] as? [[String: Any]] ?? [] {
                if let n = m["name"] as? String, let v = m["value"] as? Int { values[Int32(truncatingIfNeeded: v)] = n }
            }
            enums[name] = values
        }
        for s in (root["structs"] as? [[String: Any]] ?? []) {
            guard let name = s["name"] as? String else { continue }
            structs[name] = (s["fields"] as? [[String: Any]] ?? []).compactMap(Self.field)
            structPrograms[name] = program
        }
        for service in root["services"] as? [[String: Any]] ?? [] {
            let serviceName = service["name"] as? String ?? ""
            for f in service["functions"] as? [[String: Any]] ?? [] {
                guard let name = f["name"] as? String else { continue }
                var result: [Field] = []
                if let returnType = f["returnTypeId"] as? String, returnType != "void" {
                    result.append(Field(id: 0, name: "success", type: Self.typeRef(returnType, f["returnType"] as? [String: Any])))
                }
                result += (f["exceptions"] as? [[String: Any]] ?? []).compactMap(Self.field)
                functions[name] = Function(program: program, service: serviceName, name: name,
                                           arguments: (f["arguments"] as? [[String: Any]] ?? []).compactMap(Self.field),
                                           result: result, oneway: f["oneway"] as? Bool ?? false)
            }
        }
    }

    public init() {}

    private static func field(_ json: [String: Any]) -> Field? {
        guard let id = json["key"] as? Int, let name = json["name"] as? String else { return nil }
        return Field(id: Int16(truncatingIfNeeded: id), name: name,
                     type: typeRef(json["typeId"] as? String ?? "", json["type"] as? [String: Any]))
    }

    private static func typeRef(_ typeID: String, _ detail: [String: Any]?) -> TypeRef {
        func unqualified(_ name: String?) -> String { name.map { String($0.split(separator: ".").last ?? "") } ?? "" }
        switch typeID {
        case "struct", "exception", "union": return .structure(unqualified(detail?["class"] as? String))
        case "enum": return .enumeration(unqualified(detail?["class"] as? String))
        case "list", "set":
            return .list(typeRef(detail?["elemTypeId"] as? String ?? "", detail?["elemType"] as? [String: Any]))
        case "map":
            return .map(key: typeRef(detail?["keyTypeId"] as? String ?? "", detail?["keyType"] as? [String: Any]),
                        value: typeRef(detail?["valueTypeId"] as? String ?? "", detail?["valueType"] as? [String: Any]))
        default: return .base(BaseType(rawValue: typeID))
        }
    }
}
