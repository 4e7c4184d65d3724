/// Breadth-first exploration of every execution of the models up to a number of steps, over a
/// small finite domain of values: the independent check the differential tests hold the Z3
/// verdicts against. Exponential; meant for small instances (few users, keys, short traces).
public struct ExplicitStateExplorer {
    /// What the exploration found.
    public enum Outcome: Equatable {
        /// A violation after this many steps.
        case violated(steps: Int)
        /// No violation in any execution of at most `steps` steps over the domain.
        case safe(steps: Int, states: Int)
        /// Exploration stopped at the state limit before finishing the bound.
        case incomplete(states: Int)
    }

    /// Stops runaway explorations; a bounded check that hits it reports `incomplete`.
    public static let maxStates = 200_000

    public let interpreter: ModelInterpreter
    /// Values tried for each type.
    public let domain: [ValueType: [Value]]

    public init(interpreter: ModelInterpreter, domain: [ValueType: [Value]]? = nil) {
        self.interpreter = interpreter
        self.domain = domain ?? ExplicitStateExplorer.defaultDomain(interpreter.spec)
    }

    /// Two elements per sort, false/true, every string literal and one other string per prefix
    /// class (no prefix, and each prefix literal as the longest prefix), and the
    /// integer constants of the spec with their neighbours.
    public static func defaultDomain(_ spec: CheckedSpec) -> [ValueType: [Value]] {
        var constants: Set<Int> = [0, 1]
        func collect(_ e: Expr) {
            switch e {
            case .constant(.int(let v)) where v > CheckedSpec.literalCode(0) || v < CheckedSpec.literalCode(spec.literals.count):
                constants.formUnion([v - 1, v, v + 1])
            case .not(let x), .member(_, let x), .lookup(_, let x), .hasPrefix(let x, _): collect(x)
            case .and(let xs), .or(let xs): xs.forEach(collect)
            case .compare(_, let a, let b), .add(let a, let b), .subtract(let a, let b): collect(a); collect(b)
            default: break
            }
        }
        for rule in spec.rules {
            collect(rule.globalCondition)
            collect(rule.localCondition)
        }
        for invariant in spec.invariants { (invariant.never + invariant.unlessEarlier).forEach { collect($0.condition) } }
        var domain: [ValueType: [Value]] = [.bool: [.bool(false), .bool(true)], .int: constants.sorted().map(Value.int),
                                            .string: spec.literals.indices.map { .int(CheckedSpec.literalCode($0)) }
                                                + (0..<spec.strings.modulus).map(Value.int)]
        for service in spec.services {
            for method in service.methods.values {
                for leaf in method.requestLeaves + method.responseLeaves {
                    if case .sort = leaf.type { domain[leaf.type] = [.int(0), .int(1)] }
                }
            }
        }
        for state in spec.states {
            switch state.type {
            case .scalar(let t), .set(let t): if case .sort = t { domain[t] = [.int(0), .int(1)] }
            case .map(let k, let v):
                if case .sort = k { domain[k] = [.int(0), .int(1)] }
                if case .sort = v { domain[v] = [.int(0), .int(1)] }
            }
        }
        return domain
    }

    func values(_ type: ValueType) -> [Value] { domain[type] ?? [.int(0), .int(1)] }

    /// All assignments of the domain to the given typed names.
    func assignments(_ names: [(String, ValueType)]) -> [[String: Value]] {
        names.reduce([[:]]) { partial, item in
            partial.flatMap { base in values(item.1).map { value in base.merging([item.0: value]) { a, _ in a } } }
        }
    }

    public func explore(maxSteps: Int) -> Outcome {
        let layout = interpreter.layout
        var frontier: Set<ModelState> = [interpreter.initialState()]
        var seen = frontier
        for depth in 1...max(1, maxSteps) {
            var next: Set<ModelState> = []
            for state in frontier {
                for (index, transition) in layout.transitions.enumerated() {
                    let rule = transition.rule.map { interpreter.spec.rules[$0] }
                    let leaves = layout.leaves(transition.message)
                    let triggers: [[String: Value]]
                    if let channel = transition.channel {
                        let stored = layout.storedLeaves(transition.message)
                        triggers = (state.network[channel] ?? []).map { key in
                            var fields = Dictionary(uniqueKeysWithValues: zip(stored.map(\.path), key))
                            for leaf in leaves where fields[leaf.path] == nil { fields[leaf.path] = values(leaf.type)[0] }
                            return fields
                        }
                    } else {
                        triggers = assignments(leaves.map { ($0.path, $0.type) })
                    }
                    let anyChoices = assignments((rule?.anyTypes ?? []).enumerated().map { ("\($0.offset)", $0.element) })
                    let openLeaves = openSentLeaves(rule)
                    let openChoices = assignments(openLeaves.map { ("\($0.0)|\($0.1.path)", $0.1.type) })
                    for fields in triggers {
                        for anyChoice in anyChoices {
                            let anyValues = (0..<(rule?.anyTypes.count ?? 0)).map { anyChoice["\($0)"]! }
                            for open in openChoices {
                                var successor = state
                                guard let outcome = interpreter.fire(index, fields: fields, anyValues: anyValues,
                                                                     unspecified: { open["\($0)|\($1)"] ?? values(.int)[0] },
                                                                     state: &successor) else { continue }
                                if outcome.violated { return .violated(steps: depth) }
                                if seen.insert(successor).inserted {
                                    next.insert(successor)
                                    if seen.count > ExplicitStateExplorer.maxStates { return .incomplete(states: seen.count) }
                                }
                            }
                        }
                    }
                }
            }
            frontier = next
        }
        return .safe(steps: maxSteps, states: seen.count)
    }

    /// Leaves of sent messages that the rule leaves open (chosen by the sender), by send index.
    private func openSentLeaves(_ rule: Rule?) -> [(Int, LeafField)] {
        guard let rule else { return [] }
        var result: [(Int, LeafField)] = []
        var sendIndex = 0
        for action in rule.actions {
            guard let (id, given) = action.sentMessage else { continue }
            for leaf in interpreter.layout.leaves(id) where given[leaf.path] == nil && leaf != LeafField.trace
                && !(id.kind == .response && leaf.path.hasPrefix("request.")) {
                result.append((sendIndex, leaf))
            }
            sendIndex += 1
        }
        return result
    }
}
