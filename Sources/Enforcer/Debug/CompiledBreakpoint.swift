import ControlAPI
import Models
import RPCDecode
import Synchronization

/// A breakpoint or watchpoint ready for the packet path: its pattern's predicate prepared over a
/// field table of the message type it names, in the policy of its application. Immutable but
/// for its hit count; shared by all cores.
final class CompiledBreakpoint: Sendable {
    let definition: BreakpointDefinition
    let session: Int
    /// The pattern's parts, unpacked once for the per-message test.
    private let app: String
    private let message: MessageID
    private let at: String?
    private let direction: CompiledSpec.Direction?
    private let trace: String?
    private let condition: Condition
    private let fields: FieldTable
    /// The policy it was prepared against, and the condition over the slots of the field table
    /// that policy's own checks read for this message type, when every path the pattern reads is
    /// among them: then the enforcer has read the values already and matching reads nothing.
    private let policy: ApplicationPolicy
    private let conditionOnCheckedFields: Condition?
    /// The checks `policy` runs on the message type the pattern names: within that policy, a
    /// message is of the pattern's type exactly when the enforcer checked it with these.
    private let checks: MessageChecks?
    private let hitCount = Atomic<Int>(0)

    /// Prepares `definition` against `policy`; throws when the pattern names what the policy lacks.
    init(_ definition: BreakpointDefinition, session: Int, policy: ApplicationPolicy) throws(PolicyError) {
        let id = definition.pattern.message
        guard policy.serviceNames.contains(id.service), id.service != CheckedSpec.externalClient else {
            throw PolicyError("application \(policy.name) has no service '\(id.service)'")
        }
        guard policy.methodNames(of: id.service).contains(id.method) else {
            throw PolicyError("service \(id.service) of \(policy.name) has no method '\(id.method)'")
        }
        if let at = definition.pattern.at, !policy.serviceNames.contains(at) {
            throw PolicyError("application \(policy.name) has no service '\(at)'")
        }
        var table = FieldTable()
        var missing: [String] = []
        condition = try Condition(definition.pattern.when) { path, type in
            table.slot(path) {
                let reader = policy.reader(forPath: path, type: type, of: id)
                if case .missing = reader { missing.append(path) }
                return reader
            }
        }
        guard missing.isEmpty else { throw PolicyError("\(id) has no field \(missing.joined(separator: ", ")) on the wire") }
        fields = table
        self.policy = policy
        checks = policy.methods[id.service]?[id.method].flatMap { id.kind == .request ? $0.request : $0.response }.map { policy.checks[$0] }
        if let checked = checks?.fields, definition.pattern.when.fieldPaths.allSatisfy({ checked.existingSlot($0) != nil }) {
            conditionOnCheckedFields = try Condition(definition.pattern.when) { path, _ in checked.existingSlot(path)! }
        } else {
            conditionOnCheckedFields = nil
        }
        self.definition = definition
        self.session = session
        app = definition.app
        message = id
        at = definition.pattern.at
        direction = definition.pattern.direction
        trace = definition.pattern.trace
    }

    var number: Int { definition.number }
    var hits: Int { hitCount.load(ordering: .relaxed) }

    /// Whether `message` (of service `server`'s method `method`, from `sender` to `receiver`, of
    /// request `trace`) is one the pattern picks; counts the hit. `checkedFields` are the values
    /// `policy`'s checks read from it; `values` is scratch space for the fields read here.
    func matches(app: String, server: String, method: String, kind: Models.MessageKind, sender: String, receiver: String,
                 trace: String?, message: RPCMessage, policy: ApplicationPolicy, checks: MessageChecks, checkedFields: [CheckValue?],
                 request: [String: CheckValue], http: HTTPMessageParts?, values: inout [CheckValue?]) -> Bool {
        if let target = self.checks, policy === self.policy {
            guard checks === target else { return false }
        } else {
            guard self.message.kind == kind, self.message.method == method, self.message.service == server, self.app == app else { return false }
        }
        if let at {
            switch direction {
            case .send?: guard sender == at else { return false }
            case .recv?: guard receiver == at else { return false }
            case nil: guard sender == at || receiver == at else { return false }
            }
        }
        if let wanted = self.trace, wanted != trace { return false }
        if let conditionOnCheckedFields, policy === self.policy {
            guard conditionOnCheckedFields.holds(checkedFields) else { return false }
        } else {
            fields.read(message, request: request, http: http, limits: policy.schemas.limits, into: &values)
            guard condition.holds(values) else { return false }
        }
        hitCount.add(1, ordering: .relaxed)
        return true
    }
}
