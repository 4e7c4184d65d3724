/// Reads `grpc-status` and `grpc-message` (percent-encoded, gRPC over HTTP/2 spec) from trailers.
enum GRPCStatusParser {
    static func status(in trailers: Metadata) -> RPCStatus? {
        guard let code = trailers.string(named: "grpc-status").flatMap({ Int($0) }) else { return nil }
        let message = trailers.string(named: "grpc-message").map { PercentDecoding.decode($0) } ?? ""
        return RPCStatus(code: code, message: message)
    }
}
