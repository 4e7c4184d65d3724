import ControlAPI

/// `print`, `backtrace`, `info requests`, `info switches` and `request N`.
extension Debugger {
    func printCurrent(_ field: String?) throws(CommandError) {
        let stop = try requireCurrent("print")
        guard let field else { return console.say(MessageRendering.detail(stop.message, switchName: switchName(stop.switchIndex))) }
        guard let value = MessageRendering.field(field, of: stop.message) else {
            throw CommandError("There is no member named \(field).")
        }
        console.say("\(field) = \(value)")
    }

    func backtrace() throws(CommandError) {
        guard let trace = current?.message.trace ?? lastTrace else { throw CommandError("No current request: bt needs a stop with a trace id.") }
        let live = switches.indices.filter { !switches[$0].isClosed }
        let replies = try sendToEach(ControlRequest(id: 0, op: .trace, trace: trace), live)
        let records = SequenceChart.merge(live.map { replies[$0]?.messages ?? [] })
        guard !records.isEmpty else { return console.say("request \(trace): no messages recorded") }
        console.say("request \(trace): \(records.count) message\(records.count == 1 ? "" : "s")\n" + SequenceChart.render(records))
    }

    func infoRequests() throws(CommandError) {
        let live = switches.indices.filter { !switches[$0].isClosed }
        let replies = try sendToEach(ControlRequest(id: 0, op: .requests), live)
        var stops: [HeldStop] = []
        for index in live {
            let known = (replies[index]?.stops ?? []).filter { $0.stop != nil }.map { HeldStop(switchIndex: index, message: $0) }
            held.removeAll { $0.switchIndex == index }
            held += known
            stops += known.sorted { $0.stop < $1.stop }
        }
        if let selected = current, !held.contains(where: { $0.isSame(selected) }) { current = nil }
        numberedStops = stops
        console.say(RequestsTable.render(
            held: stops.map { stop in
                RequestsTable.Held(isCurrent: current?.isSame(stop) == true, switchName: switchName(stop.switchIndex), stop: stop.stop,
                                   message: stop.message)
            },
            stepping: live.flatMap { index in (replies[index]?.stepping ?? []).map { (trace: $0, switchName: switchName(index)) } },
            recent: live.flatMap { index in (replies[index]?.recent ?? []).map { (request: $0, switchName: switchName(index)) } }))
    }

    func infoSwitches() {
        let rows = switches.map { connection -> [String] in
            let apps = (connection.hello?.apps ?? []).map { "\($0.name) (\($0.mode))" }.joined(separator: ", ")
            return [connection.name, connection.address.description, connection.hello?.session.map(String.init) ?? "-",
                    connection.isClosed ? "closed" : "attached", apps]
        }
        console.say(TextTable.render(header: ["Name", "Address", "Session", "State", "Apps"], rows: rows))
    }

    func selectRequest(_ number: Int) throws(CommandError) {
        guard let numberedStops else { throw CommandError("No held messages are numbered yet: run `info requests` first.") }
        guard number <= numberedStops.count else {
            throw CommandError("No held message \(number): `info requests` listed \(numberedStops.count).")
        }
        let stop = numberedStops[number - 1]
        guard held.contains(where: { $0.isSame(stop) }) else { throw CommandError("Held message \(number) was released since `info requests`.") }
        current = stop
        lastTrace = stop.message.trace ?? lastTrace
        let title = stop.message.reason == "step" ? "Step" : "Breakpoint \(stop.message.breakpoint ?? 0)"
        console.say("[Switching to request \(number)]\n"
            + MessageRendering.report(stop.message, title: title, switchName: switchName(stop.switchIndex), style: console.style))
    }
}
