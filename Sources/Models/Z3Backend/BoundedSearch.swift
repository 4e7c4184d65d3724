import CZ3

/// Finds a shortest execution reaching a violation by unrolling the transition system step by
/// step (bounded model checking) and reads it out of the Z3 model as a counterexample.
struct BoundedSearch {
    enum Outcome { case found(Counterexample), notWithin(Int), unknown(String) }

    static func search(_ system: TransitionSystem, maxSteps: Int) -> Outcome {
        let z3 = system.z3
        let ctx = z3.raw
        let solver = Z3_mk_solver(ctx)!
        Z3_solver_inc_ref(ctx, solver)
        defer { Z3_solver_dec_ref(ctx, solver) }
        var state = system.initialState
        var choices: [Z3_ast] = []
        var steps: [[EncodedStep]] = []
        let count = system.layout.transitions.count
        for depth in 0..<maxSteps {
            let choice = z3.constant("choice\(depth)", z3.intSort)
            let encoded = (0..<count).map { system.step($0, pre: state, prefix: "d\(depth).t\($0).") }
            let next = system.stateConstants("d\(depth + 1).")
            var options: [Z3_ast] = []
            var violations: [Z3_ast] = []
            for (index, step) in encoded.enumerated() {
                let chosen = z3.eq(choice, z3.int(index))
                options.append(z3.and([chosen, step.guardCondition] + zip(next, step.post).map { z3.eq($0, $1) }))
                violations.append(z3.and([chosen, step.guardCondition, step.violation]))
            }
            choices.append(choice)
            steps.append(encoded)
            Z3_solver_push(ctx, solver)
            Z3_solver_assert(ctx, solver, z3.or(violations))
            let result = Z3_solver_check(ctx, solver)
            if result == Z3_L_TRUE {
                let model = Z3_solver_get_model(ctx, solver)!
                Z3_model_inc_ref(ctx, model)
                defer { Z3_model_dec_ref(ctx, model) }
                return .found(read(model, system: system, choices: choices, steps: steps))
            }
            Z3_solver_pop(ctx, solver, 1)
            if result == Z3_L_UNDEF { return .unknown(String(cString: Z3_solver_get_reason_unknown(ctx, solver))) }
            Z3_solver_assert(ctx, solver, z3.or(options))
            state = next
        }
        return .notWithin(maxSteps)
    }

    static func read(_ model: Z3_model, system: TransitionSystem, choices: [Z3_ast], steps: [[EncodedStep]]) -> Counterexample {
        let z3 = system.z3
        var result: [Counterexample.Step] = []
        for (depth, choice) in choices.enumerated() {
            let index = z3.evaluate(model, choice, .int).intValue
            let transition = system.layout.transitions[index]
            let rule = transition.rule.map { system.spec.rules[$0] }
            let step = steps[depth][index]
            func values(_ fields: [(LeafField, Z3_ast)]) -> [String: Value] {
                Dictionary(fields.map { ($0.0.path, z3.evaluate(model, $0.1, $0.0.type)) }) { a, _ in a }
            }
            result.append(Counterexample.Step(
                number: depth + 1, sender: transition.sender, receiver: transition.receiver, message: transition.message,
                fields: values(step.triggerFields), rule: rule?.name,
                anyValues: zip(step.anyValues, rule?.anyTypes ?? []).map { z3.evaluate(model, $0, $1) },
                sent: step.sent.map { Counterexample.Sent(to: $0.to, message: $0.message, fields: values($0.fields)) }))
        }
        return Counterexample(steps: result)
    }
}
