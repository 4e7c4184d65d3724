import NFRuntime

/// The graph `ttlDecrement` builds: Ethernet and IPv4 parsed, TTL checked, then decremented.
public typealias TTLDecrementGraph<Input: BatchOperator> =
    Transform<Filter<Parse<Parse<Input, Ethernet>, IPv4>>> where Input.Stack == NoHeaders

/// The thesis's first NF (ch. 3.2.1, Listing 1): decrement the IPv4 time-to-live, drop packets
/// whose TTL runs out.
///
/// Contract: frames that are not well-formed IPv4 over Ethernet are dropped by `parse` (counted in
/// its `mismatched`). An IPv4 packet arriving with TTL 0 or 1 is dropped (counted in the filter's
/// `dropped`): a router must not forward a packet whose TTL reaches 0 (RFC 1812 §5.3.1). Every
/// other packet leaves with TTL one less and its header checksum patched incrementally
/// (RFC 1624), without re-summing the header.
///
/// Listing 1 decrements first and then drops TTL 0; testing before decrementing gives the same
/// result for TTL ≥ 1, does not write to packets it drops, and drops a TTL-0 arrival instead of
/// wrapping it to 255.
/// Stateless: run one copy per core, no shuffle needed.
@inlinable
public func ttlDecrement<Input: BatchOperator>(_ input: Input) -> TTLDecrementGraph<Input>
    where Input.Stack == NoHeaders {
    input.parse(Ethernet.self)
        .parse(IPv4.self)
        .filter { $0.header.ttl > 1 }
        .transform { $0.header.decrementTTL() }
}
