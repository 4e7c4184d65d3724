import ControlAPI
import Models
import NFRuntime

/// A message held by a breakpoint or a step: where its packet is held (core and stream
/// direction), which session made the hold, and the event that reported it.
struct DebugStop: Sendable {
    let id: Int
    let core: Int
    let stream: StreamID
    let session: Int
    let event: MessageEvent
    /// It is the response to the application's external caller: releasing it answers the request.
    var answersRequest: Bool { event.kind == "response" && event.to.service == CheckedSpec.externalClient }
}
