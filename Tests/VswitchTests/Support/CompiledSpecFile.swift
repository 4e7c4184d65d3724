import Foundation
import XCTest

extension XCTestCase {
    /// Verifies and compiles `spec` with the built `ucheck compile` into a temporary file, removed
    /// when the test ends; returns its path (what a switch configuration's `spec:` names).
    func compiledSpecFile(_ spec: String) throws -> String {
        let name = URL(fileURLWithPath: spec).deletingPathExtension().lastPathComponent
        let compiled = FileManager.default.temporaryDirectory.appendingPathComponent("\(name)-\(UUID().uuidString).json").path
        addTeardownBlock { try? FileManager.default.removeItem(atPath: compiled) }
        try Command.check([RunningSwitch.productsDirectory().appendingPathComponent("ucheck").path, "compile", spec, "-o", compiled],
                          timeout: 180)
        return compiled
    }
}
