import Foundation
import Synchronization

/// Where violation records go: one JSON object per line, appended and flushed at once, to a
/// file or standard error. Every violation is written (no rate limit): each is one blocked
/// connection, and a flood of them is what an operator most needs to see.
public final class ViolationLog: Sendable {
    private let handle: Mutex<FileHandle>

    /// Appends to `path` (created if missing), or writes to standard error when nil.
    public init(path: String?) throws {
        if let path {
            if !FileManager.default.fileExists(atPath: path) {
                guard FileManager.default.createFile(atPath: path, contents: nil) else {
                    throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
                }
            }
            let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            h.seekToEndOfFile()
            handle = Mutex(h)
        } else {
            handle = Mutex(FileHandle.standardError)
        }
    }

    public func write(_ record: ViolationRecord) {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        guard var line = try? encoder.encode(record) else { return }
        line.append(0x0A)
        handle.withLock { $0.write(line) }
    }
}
