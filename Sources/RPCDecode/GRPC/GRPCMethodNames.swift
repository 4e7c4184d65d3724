/// The service and method names of one connection's gRPC calls, parsed from `:path` once per
/// distinct path and reused by later calls, so a steady stream of calls allocates no names.
struct GRPCMethodNames {
    /// Distinct paths remembered per connection. A service has a handful of methods; a peer
    /// sending ever new paths gets its names parsed per call instead of growing this table.
    static let maxRemembered = 64

    private var paths: [[UInt8]] = []
    private var names: [(service: String, method: String)] = []

    /// `pkg.Service` and `Method` of `/pkg.Service/Method`; nil if `path` is not of that form.
    mutating func names(for path: ArraySlice<UInt8>) -> (service: String, method: String)? {
        if let known = paths.firstIndex(where: { $0.elementsEqual(path) }) { return names[known] }
        guard let parsed = Self.parse(path) else { return nil }
        if paths.count < Self.maxRemembered {
            paths.append(Array(path))
            names.append(parsed)
        }
        return parsed
    }

    private static func parse(_ path: ArraySlice<UInt8>) -> (service: String, method: String)? {
        let slash = UInt8(ascii: "/")
        guard path.first == slash else { return nil }
        let rest = path.dropFirst()
        guard let middle = rest.firstIndex(of: slash) else { return nil }
        let service = rest[..<middle], method = rest[(middle + 1)...]
        guard !service.isEmpty, !method.isEmpty, !method.contains(slash) else { return nil }
        return (String(decoding: service, as: UTF8.self), String(decoding: method, as: UTF8.self))
    }
}
