/// The two TCP resets that tear down one connection, as a window asks for them when it kills a
/// flow: `SendResets` turns requests into frames.
///
/// `template` is the direction of the packet that was dropped (its sender → its receiver);
/// `senderNext` is the sequence number that receiver expects next from the sender, and
/// `receiverNext` the one the sender expects next from the receiver, so each RST carries exactly
/// the sequence number its destination accepts (RFC 5961 §3.2: not merely challenge-ACKed).
public struct ResetRequest: Sendable, Equatable {
    public var template: SegmentTemplate
    public var senderNext: UInt32
    public var receiverNext: UInt32
    /// Port the dropped packet arrived on (where the sender is) and was to leave by (where the
    /// receiver is): the RST to the sender goes out of the first, the RST to the receiver the second.
    public var senderPort: UInt16
    public var receiverPort: UInt16

    public init(template: SegmentTemplate, senderNext: UInt32, receiverNext: UInt32, senderPort: UInt16, receiverPort: UInt16) {
        self.template = template
        self.senderNext = senderNext
        self.receiverNext = receiverNext
        self.senderPort = senderPort
        self.receiverPort = receiverPort
    }
}
