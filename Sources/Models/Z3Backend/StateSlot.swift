import CZ3

/// One component of the encoded system state: a state variable (maps take two: keys and
/// values), a network channel, or the invariant monitor's record of earlier events.
struct StateSlot {
    var name: String
    var sort: Z3_sort
    var initial: Z3_ast
    /// Service state (havocked in the stateless check); network and monitor slots are not.
    var isServiceState: Bool
}
