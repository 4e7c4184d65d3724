/// Redis commands: `command SERVICE.NAME { arguments } [returns { reply: TYPE }]`.
extension TypeChecker {
    /// The field of a command's response: the reply value (`string` unless `returns` types it).
    static let replyField = "reply"

    mutating func checkCommand(_ command: CommandDeclSyntax) {
        guard let index = serviceIndex(command.service, speaking: "redis", at: command.location, "commands belong to Redis services",
                                       hint: "declare the service with `redis`, or use its schema's methods or routes") else { return }
        guard command.name.allSatisfy({ $0.isASCII && ($0.isUppercase || $0.isNumber || $0 == "_") }) else {
            report(.syntax, at: command.nameLocation, "Redis command '\(command.name)' must be written in upper case",
                   text: command.name, hint: "write it as Redis reports it: `\(command.name.uppercased())`")
            return
        }
        guard services[index].methods[command.name] == nil else {
            report(.duplicateName, at: command.nameLocation, "command '\(command.service).\(command.name)' is already declared",
                   text: command.name, hint: "declare each command once; its fields are its arguments in order")
            return
        }
        var arguments: [LeafField] = []
        for field in command.arguments {
            let name = field.path.joined(separator: ".")
            guard field.path.count == 1 else {
                report(.unknownField, at: field.location, "a command argument is one name, not '\(name)'", text: name,
                       hint: "name argument i after the command, e.g. `key: Key`")
                continue
            }
            guard !arguments.contains(where: { $0.path == name }) else {
                report(.duplicateName, at: field.location, "argument '\(name)' is already declared", text: name,
                       hint: "give each argument its own name")
                continue
            }
            if let type = valueType(field.type) { arguments.append(LeafField(path: name, type: type)) }
        }
        var reply = LeafField(path: TypeChecker.replyField, type: .string)
        for field in command.responseFields {
            let name = field.path.joined(separator: ".")
            guard name == TypeChecker.replyField else {
                report(.unknownField, at: field.location, "a command's response has only the field '\(TypeChecker.replyField)', not '\(name)'",
                       text: name, hint: "write `returns { \(TypeChecker.replyField): string }` (or int, bool, a sort)")
                continue
            }
            if let type = valueType(field.type) { reply.type = type }
        }
        guard arguments.count == command.arguments.count else { return }
        services[index].methods[command.name] = MethodInfo(
            name: command.name, requestLeaves: arguments + [LeafField.trace],
            responseLeaves: arguments.map { LeafField(path: "request." + $0.path, type: $0.type) } + [reply, LeafField.trace],
            http: nil, redis: RedisCommand(arguments: arguments.map(\.path)), opaquePaths: [])
    }
}
