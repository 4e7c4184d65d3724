/// Guesses a connection's protocol from the first bytes its client sent, for tools that decode
/// captures without port configuration (`ucheck decode`). The switch itself uses configuration.
public enum ProtocolDetector {
    private static let httpMethods = ["GET ", "POST ", "PUT ", "DELETE ", "HEAD ", "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "]

    /// The protocol, or nil if the bytes so far do not tell (wait for more, up to a few dozen).
    public static func detect(_ first: UnsafeRawBufferPointer) -> RPCProtocol? {
        guard let b0 = first.first else { return nil }
        let text = String(decoding: first.prefix(64), as: UTF8.self)
        if "PRI * HTTP/2.0".hasPrefix(text) || text.hasPrefix("PRI * HTTP/2.0") { return text.count >= 3 ? .grpc : nil }
        if httpMethods.contains(where: { text.hasPrefix($0) }) {
            // An h2c upgrade request is followed by HTTP/2 on the same connection.
            let head = String(decoding: first.prefix(4096), as: UTF8.self).lowercased()
            if head.contains("\r\nupgrade: h2c") { return .grpc }
            return head.contains("\r\n\r\n") ? .http1 : nil
        }
        if b0 == UInt8(ascii: "*") { return .redis }
        if b0 == 0x82 || (first.count >= 2 && b0 == 0x80 && first[1] == 0x01) { return .thrift }
        if first.count >= 6, first[4] == 0x82 || (first[4] == 0x80 && first[5] == 0x01) { return .thrift }
        if first.count >= 6 { return b0 >= 0x41 && b0 <= 0x7A ? .redis : nil }
        return nil
    }
}
