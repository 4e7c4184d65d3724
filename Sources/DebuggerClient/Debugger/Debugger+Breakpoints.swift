import ControlAPI
import Foundation
import Models

/// `break`, `tbreak`, `watch`, `delete` and `info breakpoints`.
extension Debugger {
    func setBreakpoint(_ kind: Breakpoint.Kind, _ text: String) throws(CommandError) {
        let compiled: (app: String, pattern: MessagePattern)
        do {
            compiled = try compiler.compile(text)
        } catch {
            throw CommandError(BreakpointCompiler.render(error, pattern: text))
        }
        let targets = switches.indices.filter { index in
            !switches[index].isClosed && (switches[index].hello?.apps ?? []).contains { $0.name == compiled.app }
        }
        guard !targets.isEmpty else { throw CommandError("No attached switch runs app \(compiled.app).") }
        let breakpoint = Breakpoint(number: nextBreakpointNumber, kind: kind, text: text, app: compiled.app, pattern: compiled.pattern)
        var placed: [Int] = []
        for index in targets {
            do throws(CommandError) {
                try send(ControlRequest(id: 0, op: .break, breakpoint: breakpoint.definition), to: index)
                placed.append(index)
            } catch {
                for undo in placed { _ = try? send(ControlRequest(id: 0, op: .delete, number: breakpoint.number), to: undo) }
                throw error
            }
        }
        nextBreakpointNumber += 1
        breakpoints.append(breakpoint)
        placement[breakpoint.number] = placed
        console.say("\(breakpoint.title): \(compiled.pattern.message) on \(placed.map(switchName).joined(separator: ", ")).")
    }

    func delete(_ numbers: [Int]) throws(CommandError) {
        guard !numbers.isEmpty else {
            guard !breakpoints.isEmpty else { return }
            if typedAtPrompt, !confirm("Delete all breakpoints? (y or n) ") { return }
            breakpoints.removeAll()
            placement.removeAll()
            _ = try sendToEach(ControlRequest(id: 0, op: .delete), switches.indices.filter { !switches[$0].isClosed })
            return
        }
        var errors: [String] = []
        for number in numbers {
            guard breakpoints.contains(where: { $0.number == number }) else {
                errors.append("No breakpoint number \(number).")
                continue
            }
            do throws(CommandError) { try forget(number, except: nil) } catch { errors.append(error.message) }
        }
        if !errors.isEmpty { throw CommandError(errors.joined(separator: "\n")) }
    }

    /// Removes breakpoint `number` from the table and from its switches other than `except`
    /// (a switch that deleted a temporary breakpoint at its hit).
    func forget(_ number: Int, except: Int?) throws(CommandError) {
        breakpoints.removeAll { $0.number == number }
        let indices = (placement.removeValue(forKey: number) ?? []).filter { $0 != except && !switches[$0].isClosed }
        _ = try sendToEach(ControlRequest(id: 0, op: .delete, number: number), indices)
    }

    func infoBreakpoints() throws(CommandError) {
        var hits: [Int: Int] = [:]
        var errors: [String] = []
        for index in switches.indices where !switches[index].isClosed {
            do throws(CommandError) {
                for definition in try send(ControlRequest(id: 0, op: .breakpoints), to: index).breakpoints ?? [] {
                    hits[definition.number, default: 0] += definition.hits ?? 0
                }
            } catch {
                errors.append(error.message)
            }
        }
        console.say(BreakpointTable.render(breakpoints, hits: hits))
        if !errors.isEmpty { throw CommandError(errors.joined(separator: "\n")) }
    }

    /// gdb's `(y or n)` question, read from the terminal.
    private func confirm(_ question: String) -> Bool {
        while true {
            StandardStream.output.write(question)
            guard let answer = readLine()?.trimmingCharacters(in: .whitespaces).lowercased() else { return false }
            if ["y", "yes"].contains(answer) { return true }
            if ["n", "no"].contains(answer) { return false }
            console.say("Please answer y or n.")
        }
    }
}
