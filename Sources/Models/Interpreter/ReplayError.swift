/// Why a step cannot be executed by the interpreter (so a counterexample would not be real).
public enum ReplayError: Error, Sendable, Equatable {
    case unknownTransition(step: Int)
    case messageNeverSent(step: Int)
    case conditionFalse(step: Int)
    case sentValueDiffers(step: Int, path: String)
    case noViolation
}
