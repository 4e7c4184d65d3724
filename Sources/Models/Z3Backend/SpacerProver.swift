import CZ3

/// Decides whether a violation is reachable in a transition system, for unboundedly long
/// executions, with Z3's Spacer engine on constrained Horn clauses:
///
///     Reach(init)
///     Reach(s) ∧ guard_t(s, in)                → Reach(post_t(s, in))      for every transition t
///     Reach(s) ∧ guard_t(s, in) ∧ violation_t  → Error
///
/// `Error` unreachable (unsat) means the invariant holds in every execution of any length, with
/// any number of users, keys and messages: Spacer found an inductive invariant of the system.
struct SpacerProver {
    enum Outcome { case unreachable, reachable, unknown(String) }

    /// Spacer settings: quantified lemmas over array indices (`q3.use_qgen`, non-ground proof
    /// obligations) are what lets it prove "for every user u, u in authed implies ..." style
    /// inductive invariants; without them it enumerates values and does not converge.
    static let options: [(String, Bool)] = [("spacer.q3.use_qgen", true), ("spacer.ground_pobs", false)]

    static func decide(_ system: TransitionSystem) -> Outcome {
        let z3 = system.z3
        let ctx = z3.raw
        let fixedpoint = Z3_mk_fixedpoint(ctx)!
        Z3_fixedpoint_inc_ref(ctx, fixedpoint)
        defer { Z3_fixedpoint_dec_ref(ctx, fixedpoint) }
        let params = Z3_mk_params(ctx)!
        Z3_params_inc_ref(ctx, params)
        Z3_params_set_symbol(ctx, params, Z3_mk_string_symbol(ctx, "engine"), Z3_mk_string_symbol(ctx, "spacer"))
        for (name, value) in SpacerProver.options {
            Z3_params_set_bool(ctx, params, Z3_mk_string_symbol(ctx, name), value)
        }
        Z3_fixedpoint_set_params(ctx, fixedpoint, params)
        Z3_params_dec_ref(ctx, params)

        let reach = z3.function("Reach", system.sorts, z3.boolSort)
        let error = z3.function("Error", [], z3.boolSort)
        Z3_fixedpoint_register_relation(ctx, fixedpoint, reach)
        Z3_fixedpoint_register_relation(ctx, fixedpoint, error)

        Z3_fixedpoint_add_rule(ctx, fixedpoint, z3.apply(reach, system.initialState), Z3_mk_string_symbol(ctx, "init"))
        let pre = system.stateConstants("s")
        for index in system.layout.transitions.indices {
            let step = system.step(index, pre: pre, prefix: "t\(index).")
            let body = z3.and([z3.apply(reach, pre), step.guardCondition])
            let variables = pre + step.inputs
            Z3_fixedpoint_add_rule(ctx, fixedpoint, z3.forall(variables, z3.implies(body, z3.apply(reach, step.post))),
                                   Z3_mk_string_symbol(ctx, "step\(index)"))
            Z3_fixedpoint_add_rule(ctx, fixedpoint,
                                   z3.forall(variables, z3.implies(z3.and([body, step.violation]), z3.apply(error, []))),
                                   Z3_mk_string_symbol(ctx, "violation\(index)"))
        }
        if let message = z3.errorMessage { return .unknown("Z3 rejected the encoding: \(message)") }
        let result = Z3_fixedpoint_query(ctx, fixedpoint, z3.apply(error, []))
        if result == Z3_L_TRUE { return .reachable }
        if result == Z3_L_FALSE { return .unreachable }
        return .unknown(String(cString: Z3_fixedpoint_get_reason_unknown(ctx, fixedpoint)))
    }
}
