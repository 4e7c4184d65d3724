/// What a switch enforces, for completion and `info` in clients without the spec source.
public struct ApplicationCatalog: Sendable, Hashable, Codable {
    public struct Service: Sendable, Hashable, Codable {
        public var name: String
        public var `protocol`: String
        public var address: String
        public var methods: [String]
        public init(name: String, protocol: String, address: String, methods: [String]) {
            self.name = name
            self.protocol = `protocol`
            self.address = address
            self.methods = methods
        }
    }

    public var name: String
    public var mode: String
    public var services: [Service]
    public init(name: String, mode: String, services: [Service]) {
        self.name = name
        self.mode = mode
        self.services = services
    }
}
