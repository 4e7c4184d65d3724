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
    private let trace: TraceID?
    private let condition: Condition
    /// The program of `condition` and `conditionOnCheckedFields`.
    private let program: PredicateProgram
    private let fields: FieldTable
    /// The policy it was prepared against, and the condition over the slots of the field table
    /// that policy's own checks read for this message type, when every path the pattern reads is
    /// among them: then the enforcer has read the values already and matching reads nothing.
    private let policy: ApplicationPolicy
    private let conditionOnCheckedFields: Condition?
    /// The checks `policy` runs on the message type the pattern names: within that policy, a
    /// message is of the pattern's type exactly when the enforcer checked it with these.
    private let checks: MessageChecks?
    /// The condition's string equalities, tested first; `conditionIsEqualities` when they are all of it.
    private let equalities: [StringEquality]
    private let conditionIsEqualities: Bool
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
        var program = PredicateProgram()
        condition = try program.add(definition.pattern.when) { path, type in
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
            conditionOnCheckedFields = try program.add(definition.pattern.when) { path, _ in checked.existingSlot(path)! }
        } else {
            conditionOnCheckedFields = nil
        }
        self.program = program
        let (equalities, exhaustive) = StringEquality.conjuncts(of: definition.pattern.when)
        self.equalities = equalities.map { [checks, table] in
            StringEquality(expected: $0.expected, checkedSlot: checks?.fields.existingSlot($0.path),
                           reader: table.readers[table.existingSlot($0.path)!])
        }
        conditionIsEqualities = exhaustive
        self.definition = definition
        self.session = session
        app = definition.app
        message = id
        at = definition.pattern.at
        direction = definition.pattern.direction
        if let text = definition.pattern.trace {
            guard let id = TraceID(hex: text) else { throw PolicyError("request id '\(text)' is not 32 lowercase hex digits, not all zero") }
            trace = id
        } else {
            trace = nil
        }
    }

    var number: Int { definition.number }
    var hits: Int { hitCount.load(ordering: .relaxed) }

    /// Whether the whole condition holds for `message`: on the checks' values when they read
    /// every field it needs, else on the fields read here into `values`.
    @inline(never)
    private func conditionHolds(_ message: borrowing RPCMessage, samePolicy: Bool, checkedFields: [CheckValue?], request: [String: CheckValue],
                                http: HTTPMessageParts?, limits: DecodeLimits, values: inout [CheckValue?]) -> Bool {
        if let conditionOnCheckedFields, samePolicy { return program.holds(conditionOnCheckedFields, checkedFields) }
        fields.read(message, request: request, http: http, limits: limits, into: &values)
        return program.holds(condition, values)
    }

    /// True when the message the enforcer checked with `checks` of `policy`, having read
    /// `checkedFields`, is surely not one the pattern picks: of another message type, or failing a
    /// string equality on a value the checks read. The probe's test of every breakpoint, before
    /// `matches`; cheap enough to be inlined into the enforcer.
    @inline(__always)
    func rejects(_ checks: MessageChecks, of policy: ApplicationPolicy, checkedFields: [CheckValue?]) -> Bool {
        guard policy === self.policy else { return false } // prepared against another policy: `matches` compares names
        guard checks === self.checks else { return true }
        for equality in equalities where equality.holds(checkedFields: checkedFields) == false { return true }
        return false
    }

    /// Whether `message`, which `rejects` let through (of service `server`'s method `method`, sent
    /// by the client of `connection` when `fromClient`, of request `trace`), is one the pattern
    /// picks; counts the hit. `checkedFields` are the values `policy`'s checks read from it;
    /// `values` is scratch space for the fields read here.
    func matches(connection: ConnectionState, method: String, fromClient: Bool, trace: TraceID?, message: borrowing RPCMessage,
                 policy: ApplicationPolicy, checks: MessageChecks, checkedFields: [CheckValue?], request: [String: CheckValue],
                 http: HTTPMessageParts?, values: inout [CheckValue?]) -> Bool {
        let samePolicy = policy === self.policy
        // With the policy it was prepared against, `rejects` has tested the type and the equalities
        // on the checks' values; otherwise the names tell the type.
        if !samePolicy {
            guard self.message.kind == (fromClient ? .request : .response), self.message.method == method,
                  self.message.service == connection.server, self.app == connection.app else { return false }
        }
        if let at {
            let sender = fromClient ? connection.client : connection.server
            let receiver = fromClient ? connection.server : connection.client
            switch direction {
            case .send?: guard sender == at else { return false }
            case .recv?: guard receiver == at else { return false }
            case nil: guard sender == at || receiver == at else { return false }
            }
        }
        if let wanted = self.trace, wanted != trace { return false }
        var decided = conditionIsEqualities
        for equality in equalities where !samePolicy || equality.checkedSlot == nil {
            switch equality.holds(in: message, limits: policy.schemas.limits) {
            case false?: return false
            case true?: break
            case nil: decided = false
            }
        }
        if !decided, !conditionHolds(message, samePolicy: samePolicy, checkedFields: checkedFields, request: request, http: http,
                                     limits: policy.schemas.limits, values: &values) {
            return false
        }
        hitCount.add(1, ordering: .relaxed)
        return true
    }
}
