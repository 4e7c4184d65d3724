import NFRuntime

extension Packet where Stack.Top == IPv4 {
    /// The TCP or UDP ports of an IPv4 packet, read from the first four payload bytes; nil for
    /// other protocols, for non-first fragments (they carry no transport header) and for
    /// payloads too short to hold the ports. Always inlined: it is on every packet's path.
    @inlinable @inline(__always)
    var transportPorts: (source: UInt16, destination: UInt16)? {
        let ip = header
        let proto = ip.protocolNumber
        guard proto == IPv4.tcp || proto == IPv4.udp, ip.flagsFragment & 0x1FFF == 0 else { return nil }
        let transport = payload
        guard transport.count >= 4, let at = transport.baseAddress else { return nil }
        return (UInt16(bigEndian: at.loadUnaligned(as: UInt16.self)),
                UInt16(bigEndian: at.loadUnaligned(fromByteOffset: 2, as: UInt16.self)))
    }

    /// The packet's 5-tuple from its parsed IPv4 header; ports are 0 when `transportPorts` is nil,
    /// so such packets of one address pair and protocol share a key.
    @inlinable
    var ipv4FlowKey: FlowKey {
        let ip = header
        let ports = transportPorts
        return FlowKey(source: ip.source, destination: ip.destination, sourcePort: ports?.source ?? 0,
                       destinationPort: ports?.destination ?? 0, protocolNumber: ip.protocolNumber)
    }
}
