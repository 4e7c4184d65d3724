/// How ucdbg was started (its command line, parsed).
public struct DebuggerOptions: Sendable {
    public var switches: [SwitchAddress]
    /// One per switch, or one for all.
    public var tokenFiles: [String]
    public var specPath: String?
    /// `-x` files, run in order before reading commands.
    public var scripts: [String]
    /// `--batch`: run the scripts, then exit.
    public var batch: Bool
    public var historyFile: String

    public init(switches: [SwitchAddress], tokenFiles: [String], specPath: String?, scripts: [String], batch: Bool, historyFile: String) {
        self.switches = switches
        self.tokenFiles = tokenFiles
        self.specPath = specPath
        self.scripts = scripts
        self.batch = batch
        self.historyFile = historyFile
    }

    /// The token file of switch `index`: tokens pair with switches by order, and a single one serves all.
    public func tokenFile(for index: Int) -> String? {
        tokenFiles.count == 1 ? tokenFiles[0] : index < tokenFiles.count ? tokenFiles[index] : nil
    }
}
