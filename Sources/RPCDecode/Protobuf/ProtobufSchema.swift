import SwiftProtobuf

/// The protobuf types and services of the user's `.proto` files, loaded at run time from a
/// descriptor set (`protoc --descriptor_set_out=x.pb --include_imports x.proto`).
///
/// Names are resolved once, at load: message and enum references become array indexes, so
/// decoding never looks up a name. Immutable and `Sendable`; build one per configuration.
public struct ProtobufSchema: Sendable {
    public private(set) var messages: [ProtobufMessageType] = []
    public private(set) var enums: [ProtobufEnumType] = []
    private var messageIndex: [String: Int] = [:]
    private var enumIndex: [String: Int] = [:]
    private var methodIndex: [String: ProtobufMethod] = [:]

    /// Loads a serialized `FileDescriptorSet`.
    public init(descriptorSet bytes: [UInt8]) throws {
        let set: Google_Protobuf_FileDescriptorSet
        do {
            set = try Google_Protobuf_FileDescriptorSet(serializedBytes: bytes)
        } catch {
            throw SchemaError(message: "not a FileDescriptorSet: \(error)")
        }
        try self.init(files: set.file)
    }

    /// Loads already parsed file descriptors (every imported file included).
    public init(files: [Google_Protobuf_FileDescriptorProto]) throws {
        // Pass 1: every type's name gets its index, so pass 2 can resolve references in any order.
        var pending: [(String, Google_Protobuf_DescriptorProto)] = []
        func collect(_ type: Google_Protobuf_DescriptorProto, scope: String) {
            let name = scope.isEmpty ? type.name : "\(scope).\(type.name)"
            messageIndex[name] = pending.count
            pending.append((name, type))
            for nested in type.nestedType { collect(nested, scope: name) }
            for e in type.enumType { addEnum(e, scope: name) }
        }
        func addEnum(_ e: Google_Protobuf_EnumDescriptorProto, scope: String) {
            let name = scope.isEmpty ? e.name : "\(scope).\(e.name)"
            enumIndex[name] = enums.count
            enums.append(ProtobufEnumType(fullName: name, names: Dictionary(e.value.map { ($0.number, $0.name) },
                                                                             uniquingKeysWith: { first, _ in first })))
        }
        for file in files {
            for type in file.messageType { collect(type, scope: file.package) }
            for e in file.enumType { addEnum(e, scope: file.package) }
        }
        for (name, type) in pending {
            var fields: [ProtobufField] = []
            for f in type.field {
                guard let fieldType = ProtobufFieldType(rawValue: f.type.rawValue) else {
                    throw SchemaError(message: "\(name).\(f.name): unknown field type \(f.type.rawValue)")
                }
                var field = ProtobufField(name: f.name, number: f.number, type: fieldType,
                                          isRepeated: f.label == .repeated, messageType: nil, enumType: nil,
                                          isMap: false, oneof: nil)
                let reference = f.typeName.hasPrefix(".") ? String(f.typeName.dropFirst()) : f.typeName
                switch fieldType {
                case .message, .group:
                    guard let index = messageIndex[reference] else {
                        throw SchemaError(message: "\(name).\(f.name): type \(f.typeName) is not in the descriptor set (was it built with --include_imports?)")
                    }
                    field.messageType = index
                    field.isMap = field.isRepeated && pending[index].1.options.mapEntry
                case .enumeration:
                    guard let index = enumIndex[reference] else {
                        throw SchemaError(message: "\(name).\(f.name): enum \(f.typeName) is not in the descriptor set")
                    }
                    field.enumType = index
                default:
                    break
                }
                if f.hasOneofIndex, !f.proto3Optional, Int(f.oneofIndex) < type.oneofDecl.count {
                    field.oneof = type.oneofDecl[Int(f.oneofIndex)].name
                }
                fields.append(field)
            }
            let index = Dictionary(fields.enumerated().map { ($0.element.number, $0.offset) }, uniquingKeysWith: { first, _ in first })
            messages.append(ProtobufMessageType(fullName: name, fields: fields, isMapEntry: type.options.mapEntry, fieldIndex: index))
        }
        for file in files {
            for service in file.service {
                let serviceName = file.package.isEmpty ? service.name : "\(file.package).\(service.name)"
                for m in service.method {
                    guard let input = messageIndex[String(m.inputType.drop { $0 == "." })],
                          let output = messageIndex[String(m.outputType.drop { $0 == "." })] else {
                        throw SchemaError(message: "\(serviceName).\(m.name): request or response type missing")
                    }
                    methodIndex["\(serviceName)/\(m.name)"] = ProtobufMethod(
                        service: serviceName, name: m.name, inputType: input, outputType: output,
                        clientStreaming: m.clientStreaming, serverStreaming: m.serverStreaming)
                }
            }
        }
    }

    /// The index of the message type `fullName` (`pkg.Msg`, no leading dot).
    public func messageType(named fullName: String) -> Int? { messageIndex[fullName] }

    /// The method `/service/method` of a gRPC `:path`.
    public func method(service: String, name: String) -> ProtobufMethod? { methodIndex["\(service)/\(name)"] }

    /// Every method of every service.
    public var methods: [ProtobufMethod] { methodIndex.values.sorted { ($0.service, $0.name) < ($1.service, $1.name) } }

    /// Compiles a dotted field path (`payload.f_inner.name`) in `messageType` to field numbers,
    /// for `ProtobufScanner`. Nil if a name is not a field or a non-last step is not a message.
    public func fieldPath(_ dotted: String, in messageType: Int) -> ProtobufFieldPath? {
        var numbers: [Int32] = []
        var current = messageType
        var last: ProtobufField?
        for (i, part) in dotted.split(separator: ".").enumerated() {
            if i > 0 {
                guard let previous = last, let next = previous.messageType, !previous.isRepeated else { return nil }
                current = next
            }
            guard let field = messages[current].field(named: String(part)) else { return nil }
            numbers.append(field.number)
            last = field
        }
        guard let leaf = last else { return nil }
        return ProtobufFieldPath(numbers: numbers, leaf: leaf)
    }
}
