import ControlAPI
import Models

/// What ucdbg knows of the applications behind its switches: the apps, services and methods the
/// switches announced in `hello`, and, with `--spec`, the spec's message fields. Breakpoint
/// compilation and tab completion read it.
public struct Catalogue: Sendable {
    /// One service with its methods, in the order the switches (or the spec) list them.
    public struct Service: Sendable, Hashable {
        public var app: String
        public var name: String
        public var methods: [String]
    }

    public private(set) var services: [Service] = []
    public let spec: CheckedSpec?

    public init(apps: [ApplicationCatalog], spec: CheckedSpec?) {
        self.spec = spec
        for app in apps {
            for service in app.services { add(Service(app: app.name, name: service.name, methods: service.methods)) }
        }
        if let spec {
            for service in spec.services { add(Service(app: spec.app, name: service.name, methods: service.methods.keys.sorted())) }
        }
    }

    private mutating func add(_ service: Service) {
        if let known = services.firstIndex(where: { $0.app == service.app && $0.name == service.name }) {
            services[known].methods += service.methods.filter { !services[known].methods.contains($0) }
        } else {
            services.append(service)
        }
    }

    /// The service named `name` (the first app's when several apps have one).
    public func service(_ name: String) -> Service? { services.first { $0.name == name } }

    /// `service.Method` for every method, for completion.
    public var messageNames: [String] { services.flatMap { service in service.methods.map { "\(service.name).\($0)" } } }

    /// Distinct service names in order.
    public var serviceNames: [String] {
        var seen = Set<String>()
        return services.map(\.name).filter { seen.insert($0).inserted }
    }

    /// The field paths of `service.method`'s request or response (from the spec; empty without it).
    public func fieldPaths(service: String, method: String, kind: MessageKind) -> [String] {
        guard let info = spec?.method(MessageID(service: service, method: method, kind: kind)) else { return [] }
        return info.leaves(kind).map(\.path).filter { $0 != LeafField.trace.path }
    }
}
