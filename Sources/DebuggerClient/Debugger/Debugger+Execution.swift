import ControlAPI
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `continue`, `step` and `drop`: releasing held messages and waiting for the next stop.
extension Debugger {
    /// How a wait for a stop ended.
    enum WaitResult {
        case stopped(HeldStop)
        case finished
        case interrupted
        case timedOut
        case detached
    }

    func continueExecution() throws(CommandError) {
        if let stop = current {
            try send(ControlRequest(id: 0, op: .continue, stop: stop.stop), to: stop.switchIndex)
            release(stop)
        } else if !breakpoints.contains(where: { $0.kind != .watchpoint }) {
            throw CommandError("No breakpoints: nothing would stop. Set one with `break PATTERN`.")
        }
        console.say("Continuing.")
        try finishWait(waitForStop(finishing: nil))
    }

    func step() throws(CommandError) {
        let stop = try requireCurrent("step")
        guard let trace = stop.message.trace else { throw CommandError("The held message carries no trace id: it cannot be stepped.") }
        try send(ControlRequest(id: 0, op: .step, stop: stop.stop, trace: trace), to: stop.switchIndex)
        release(stop)
        let others = switches.indices.filter { $0 != stop.switchIndex && !switches[$0].isClosed }
        do throws(CommandError) {
            _ = try sendToEach(ControlRequest(id: 0, op: .step, trace: trace), others)
        } catch {
            unstep(trace, except: nil)
            throw error
        }
        let result = waitForStop(finishing: trace)
        if case .stopped(let next) = result, next.message.reason == "step", next.message.trace == trace {
            unstep(trace, except: next.switchIndex)
        } else {
            unstep(trace, except: nil)
        }
        if case .finished = result { console.say("request \(trace) finished") }
        try finishWait(result)
    }

    func drop() throws(CommandError) {
        let stop = try requireCurrent("drop")
        try send(ControlRequest(id: 0, op: .drop, stop: stop.stop), to: stop.switchIndex)
        release(stop)
        console.say("Dropped \(MessageRendering.summary(stop.message)) [\(switchName(stop.switchIndex)) stop \(stop.stop)]: its connection is reset.")
    }

    /// Forgets a stop this session released.
    private func release(_ stop: HeldStop) {
        held.removeAll { $0.isSame(stop) }
        if let current, current.isSame(stop) { self.current = nil }
    }

    /// Disarms the step on `trace` everywhere but `except` (where it already fired).
    private func unstep(_ trace: String, except: Int?) {
        for index in switches.indices where index != except && !switches[index].isClosed {
            do throws(CommandError) { try send(ControlRequest(id: 0, op: .unstep, trace: trace), to: index) } catch { console.error(error.message) }
        }
    }

    private func finishWait(_ result: WaitResult) throws(CommandError) {
        switch result {
        case .stopped, .finished: break
        case .interrupted: console.say("Interrupted: nothing stopped; back at the prompt.")
        case .timedOut: throw CommandError("timeout: no stop within \(Self.seconds(timeout)) s")
        case .detached: throw CommandError("No switch is attached any more.")
        }
    }

    /// Waits until a stop arrives, `finishing` is reported answered, Ctrl-C (interactive) or,
    /// in batch mode, `timeout` seconds pass. Watch events and releases are shown meanwhile.
    func waitForStop(finishing trace: String?) -> WaitResult {
        let deadline = batch ? Date().addingTimeInterval(timeout) : nil
        while true {
            for outcome in handlePendingEvents() {
                switch outcome {
                case .stopped(let stop): return .stopped(stop)
                case .finished(let finished) where finished == trace: return .finished
                case .finished: break
                }
            }
            if switches.allSatisfy(\.isClosed) { return .detached }
            var fds = [pollfd(fd: inbox.readFD, events: Int16(POLLIN), revents: 0)]
            if let interruptFD { fds.append(pollfd(fd: interruptFD, events: Int16(POLLIN), revents: 0)) }
            var wait: Int32 = -1
            if let deadline {
                let left = deadline.timeIntervalSinceNow
                if left <= 0 { return .timedOut }
                wait = Int32(min(left * 1000 + 1, Double(Int32.max)))
            }
            _ = poll(&fds, nfds_t(fds.count), wait)
            if let interruptFD, fds.count > 1, fds[1].revents != 0 {
                InterruptSignal.consume(interruptFD)
                return .interrupted
            }
        }
    }

    /// `30` or `2.5`.
    static func seconds(_ value: Double) -> String {
        value.rounded() == value ? String(Int(value)) : String(value)
    }
}
