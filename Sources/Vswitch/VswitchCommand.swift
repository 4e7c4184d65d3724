import ArgumentParser
import Foundation
import NFRuntime

/// `vswitch --config FILE`: the DPDK switch between containers.
@main
struct VswitchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "vswitch",
        abstract: "A DPDK L2 learning switch between containers, built on the ucheck NF runtime.",
        discussion: "The configuration file format is documented in docs/vswitch-config.md.")

    @Option(name: .long, help: "The YAML configuration file.")
    var config: String

    @Option(name: .customLong("stats-json"), help: "Also write the counters as JSON to this file at each stats interval and at exit.")
    var statsJSON: String?

    @Flag(name: .customLong("exit-with-parent"), help: "Shut down cleanly when the process that started the switch exits (for test harnesses).")
    var exitWithParent = false

    @Flag(name: .customLong("check"), help: "Validate the configuration and print the EAL arguments, without starting DPDK.")
    var checkOnly = false

    func run() throws {
        do {
            let parsed = try SwitchConfig.load(path: config)
            if checkOnly {
                print("vswitch: \(config) is valid; EAL arguments: \(SwitchRuntime.ealArguments(parsed, pid: getpid()).joined(separator: " "))")
                return
            }
            try SwitchRuntime(config: parsed, statsJSONPath: statsJSON, exitWithParent: exitWithParent).run(configPath: config)
        } catch let error as ConfigError {
            FileHandle.standardError.write(Data("vswitch: error: \(error)\n".utf8))
            throw ExitCode(2)
        } catch let error as DPDKError {
            FileHandle.standardError.write(Data("vswitch: error: \(error)\n".utf8))
            throw ExitCode(3)
        }
    }
}
