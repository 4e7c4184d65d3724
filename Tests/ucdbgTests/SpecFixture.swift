import Foundation
import Models

/// specs/webforum.ucheck, loaded once: the app every ucdbg test compiles patterns against.
enum SpecFixture {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    nonisolated(unsafe) static let webforum: CheckedSpec = {
        do {
            return try SpecLoader.load(path: root.appendingPathComponent("specs/webforum.ucheck").path)
        } catch {
            fatalError("specs/webforum.ucheck does not load: \(error)")
        }
    }()
}
