import Enforcer
import Foundation
import NFRuntime
import Glibc
import Synchronization

/// Reloads the compiled specs on SIGHUP without stopping traffic: a thread off the packet path
/// re-reads the configuration's applications and their specs, builds new policies and swaps
/// them in; the cores pick them up between messages. A configuration or spec that fails to load
/// leaves the running policies in place, and the switch says why on stderr.
final class SpecReloader: Sendable {
    private static let requested = Atomic<Bool>(false)

    private let configPath: String
    private let store: PolicyStore
    private let metrics: MetricsRegistry
    private let stop: Atomic<Bool>

    init(configPath: String, store: PolicyStore, metrics: MetricsRegistry) {
        self.configPath = configPath
        self.store = store
        self.metrics = metrics
        stop = Atomic(false)
    }

    /// Installs the SIGHUP handler and starts the reloading thread (off the packet cores).
    func start(on environment: DPDKEnvironment) throws {
        Glibc.signal(SIGHUP) { _ in SpecReloader.requested.store(true, ordering: .releasing) }
        try environment.startControlThread(named: "spec-reloader") { [self] in
            while !stop.load(ordering: .acquiring) {
                if Self.requested.exchange(false, ordering: .acquiringAndReleasing) { reload() }
                usleep(50_000)
            }
        }
    }

    func finish() { stop.store(true, ordering: .releasing) }

    private func reload() {
        do {
            let config = try SwitchConfig.load(path: configPath)
            let snapshot = try EnforcementSetup.snapshot(config, configPath: configPath, metrics: metrics)
            store.replace(with: snapshot)
            print("vswitch: reloaded specs: " + snapshot.applications.map { "\($0.name) (\($0.binding.mode.rawValue))" }.joined(separator: ", "))
        } catch {
            FileHandle.standardError.write(Data("vswitch: reload failed, the previous specs stay in force: \(error)\n".utf8))
        }
        fflush(nil)
    }
}
