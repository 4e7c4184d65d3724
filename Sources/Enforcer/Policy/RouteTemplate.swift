import Models

/// An HTTP route of the spec as a matcher: the verb, and the path template's segments, where
/// `{name}` matches any one non-empty segment.
struct RouteTemplate: Sendable {
    var name: String
    var verb: String
    var segments: [String]

    init(_ route: CompiledSpec.Route) {
        name = route.name
        verb = route.verb
        segments = route.path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
    }

    func matches(verb: Substring, segments path: [Substring]) -> Bool {
        guard verb == self.verb, path.count == segments.count else { return false }
        return zip(segments, path).allSatisfy { template, actual in
            template.hasPrefix("{") ? !actual.isEmpty : template == actual
        }
    }

    /// The segment position of the parameter `{name}`.
    func segmentIndex(of parameter: String) -> Int? { segments.firstIndex(of: "{\(parameter)}") }
}
