import Foundation

/// The control API's bearer token: read from its file, or made (32 random bytes in hex, mode
/// 0600) when the file does not exist. Compared in constant time.
struct ControlToken: Sendable {
    private let secret: [UInt8]

    init(file path: String) throws {
        if !FileManager.default.fileExists(atPath: path) {
            var generator = SystemRandomNumberGenerator()
            let hex = (0..<32).map { _ in String(format: "%02x", UInt8.random(in: 0...255, using: &generator)) }.joined()
            guard FileManager.default.createFile(atPath: path, contents: Data((hex + "\n").utf8),
                                                 attributes: [.posixPermissions: 0o600]) else {
                throw ConfigError(file: path, message: "control.token_file: cannot create \(path)")
            }
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw ConfigError(file: path, message: "control.token_file: cannot read \(path)")
        }
        let token = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard token.utf8.count >= 16 else {
            throw ConfigError(file: path, message: "control.token_file: the token in \(path) is shorter than 16 characters")
        }
        secret = Array(token.utf8)
    }

    /// Whether `candidate` is the token, in time independent of where they differ.
    func accepts(_ candidate: String) -> Bool {
        let given = Array(candidate.utf8)
        var difference = UInt8(truncatingIfNeeded: given.count ^ secret.count)
        for i in secret.indices { difference |= secret[i] ^ (i < given.count ? given[i] : 0) }
        return difference == 0
    }
}
