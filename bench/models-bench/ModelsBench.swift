import ArgumentParser
import Dispatch
import Foundation
import Models

/// Verification time of the shipped specs and of generated chain and fan-out applications, each
/// verified per invariant on its slice and, as the baseline in the same run, on the whole
/// application. Prints a Markdown table for docs/benchmarks.md.
@main
struct ModelsBench: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "models-bench",
                                                    abstract: "Benchmark ucheck verify (run from the repository root).")

    @Option(help: "Comma-separated application sizes (services).") var sizes = "10,50,200"
    @Option(help: "Seconds Z3 may spend per question.") var timeout: Double = 60
    @Option(help: "Largest size for which the unsliced baseline runs (it grows fast).") var baselineUpTo = 200

    @Option(help: "Print the generated spec SHAPE:SIZE (e.g. chain:10) instead of benchmarking.") var printSpec: String?

    func run() throws {
        if let printSpec {
            let parts = printSpec.split(separator: ":")
            guard parts.count == 2, let shape = AppGenerator.Shape(rawValue: String(parts[0])), let size = Int(parts[1]), size >= 2 else {
                throw ValidationError("--print-spec takes chain:N or fanout:N with N >= 2")
            }
            emit(AppGenerator.spec(shape, services: size))
            return
        }
        emit("| application | services | invariants | rules | verdicts | time (sliced) | time (whole app, baseline) |")
        emit("|---|---|---|---|---|---|---|")
        for file in ["webforum", "shop", "bank"] {
            let spec = try SpecLoader.load(path: "specs/\(file).ucheck")
            row(file, spec, baseline: true)
        }
        for size in sizes.split(separator: ",").compactMap({ Int($0) }) {
            for shape in AppGenerator.Shape.allCases {
                let spec = try SpecLoader.load(source: AppGenerator.spec(shape, services: size), file: "\(shape)-\(size).ucheck")
                row("\(shape) (generated)", spec, baseline: size <= baselineUpTo)
            }
        }
    }

    func row(_ name: String, _ spec: CheckedSpec, baseline: Bool) {
        let (sliced, verdicts) = time { Verifier(timeoutSeconds: timeout).verify(spec) }
        var summary = Dictionary(grouping: verdicts, by: \.status).map { "\($0.value.count) \($0.key.rawValue)" }.sorted().joined(separator: ", ")
        let undecided = verdicts.filter { $0.status == .proved && $0.exact == nil }.count
        if undecided > 0 { summary += " (\(undecided) exactness undecided: timeout)" }
        var whole = "—"
        if baseline {
            let (seconds, unsliced) = time { Verifier(timeoutSeconds: timeout, slicing: false).verify(spec) }
            let unknown = unsliced.filter { $0.status == .unknown }.count
            whole = String(format: "%.2f s", seconds) + (unknown > 0 ? " (\(unknown) unknown: timeout)" : "")
        }
        emit("| \(name) | \(spec.services.count) | \(spec.invariants.count) | \(spec.rules.count) | \(summary) | "
              + String(format: "%.2f s", sliced) + " | \(whole) |")
    }

    func time<T>(_ body: () -> T) -> (Double, T) {
        let start = DispatchTime.now()
        let result = body()
        return (Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9, result)
    }
}

/// Writes a line to standard output at once (rows appear while long runs continue).
func emit(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
