import ControlAPI

/// What the switches report without being asked: stops, watched messages, releases, finished
/// requests and lost connections.
extension Debugger {
    /// What an event means to a waiting `continue` or `step`.
    enum EventOutcome {
        case stopped(HeldStop)
        case finished(String)
    }

    /// Handles everything waiting in the inbox; the outcomes in order.
    func handlePendingEvents() -> [EventOutcome] {
        inbox.drain().compactMap(handle)
    }

    private func handle(_ item: EventInbox.Item) -> EventOutcome? {
        switch item {
        case .disconnected(let index, let reason):
            held.removeAll { $0.switchIndex == index }
            if current?.switchIndex == index { current = nil }
            console.error("\(switchName(index)): connection lost: \(reason)")
            return nil
        case .event(let index, let event):
            return handle(event, from: index)
        case .undecodable(let index, let line):
            console.error("\(switchName(index)): skipped a line that is not control API version \(ControlVersion.current): \(line)")
            return nil
        }
    }

    private func handle(_ event: ControlEvent, from index: Int) -> EventOutcome? {
        switch event.event {
        case .stop:
            guard let message = event.message, let stopID = message.stop else { return nil }
            if let owner = message.session, owner != switches[index].hello?.session {
                console.say("[\(switchName(index)) stop \(stopID): \(message.method) \(message.kind) held by another debugger session]")
                return nil
            }
            let stop = HeldStop(switchIndex: index, message: message)
            var title = "Step"
            if message.reason != "step" {
                let number = message.breakpoint ?? 0
                let breakpoint = breakpoints.first { $0.number == number }
                title = breakpoint?.title ?? "Breakpoint \(number)"
                if breakpoint?.kind == .temporary {
                    do throws(CommandError) { try forget(number, except: index) } catch { console.error(error.message) }
                }
            }
            held.removeAll { $0.isSame(stop) }
            held.append(stop)
            current = stop
            lastTrace = message.trace ?? lastTrace
            console.say(MessageRendering.report(message, title: title, switchName: switchName(index), style: console.style))
            return .stopped(stop)
        case .watch:
            guard let message = event.message else { return nil }
            let title = breakpoints.first { $0.number == message.breakpoint }?.title ?? "Watchpoint \(message.breakpoint ?? 0)"
            console.say(MessageRendering.report(message, title: title, switchName: switchName(index), style: console.style))
            return nil
        case .released:
            guard let stop = event.stop, let known = held.first(where: { $0.switchIndex == index && $0.stop == stop }) else { return nil }
            held.removeAll { $0.isSame(known) }
            if let current, current.isSame(known) { self.current = nil }
            if event.how == "timeout" || event.how == "closed" {
                console.say("[\(switchName(index)) stop \(stop) released: \(event.how!)]")
            }
            return nil
        case .finished:
            guard let trace = event.trace else { return nil }
            return .finished(trace)
        }
    }
}
