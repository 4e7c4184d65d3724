import Foundation
import XCTest

/// What end-to-end tests need: root (network namespaces) and DPDK. Without them a test is
/// skipped with the reason — except under CI (`CI=true`), where a skip would hide a broken
/// set-up, so it fails instead.
enum EndToEndRequirements {
    static func check() throws {
        var missing: [String] = []
        if getuid() != 0 { missing.append("root, to create network namespaces (run scripts/test as root)") }
        if !FileManager.default.fileExists(atPath: "/usr/include/dpdk/rte_ethdev.h") {
            missing.append("DPDK (libdpdk-dev): run scripts/setup")
        }
        guard !missing.isEmpty else { return }
        let reason = "end-to-end tests need " + missing.joined(separator: " and ")
        if ProcessInfo.processInfo.environment["CI"] == "true" {
            XCTFail(reason + " — CI must run them")
            throw XCTSkip(reason)
        }
        throw XCTSkip(reason)
    }
}
