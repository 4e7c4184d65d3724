import CDPDK

/// A failed DPDK call, with the step that failed and DPDK's own words.
public struct DPDKError: Error, CustomStringConvertible {
    public let step: String
    public let code: Int32
    public init(step: String, code: Int32) {
        self.step = step
        self.code = code
    }
    public var description: String {
        "DPDK: \(step) failed: \(String(cString: cdpdk_strerror(abs(code)))) (\(code))"
    }
}
