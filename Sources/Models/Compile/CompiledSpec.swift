import Foundation

/// The file `ucheck compile` writes and the enforcer loads (docs/compiled-spec-format.md).
public struct CompiledSpec: Sendable, Codable, Hashable {
    /// Why a file is not a compiled spec this build reads.
    public struct FormatError: Error, CustomStringConvertible {
        public var description: String
    }

    /// Reads a compiled spec, checking `format` and `version` first, so a file of another
    /// version is refused with that reason rather than with whatever field it lacks.
    public static func decode(_ data: Data) throws -> CompiledSpec {
        struct Header: Decodable {
            var format: String?
            var version: Int?
        }
        let header = try JSONDecoder().decode(Header.self, from: data)
        guard header.format == formatName else {
            throw FormatError(description: "not a compiled spec (its format is '\(header.format ?? "missing")', not '\(formatName)')")
        }
        guard header.version == currentVersion else {
            throw FormatError(description: "compiled spec version \(header.version.map(String.init) ?? "missing"); this build reads version \(currentVersion) (recompile it with this ucheck: ucheck compile SPEC -o FILE)")
        }
        return try JSONDecoder().decode(CompiledSpec.self, from: data)
    }

    public static let formatName = "ucheck-compiled-spec"
    public static let currentVersion = 4

    /// A message a service may receive or send, and the predicate its fields must satisfy.
    public struct PlausibleMessage: Sendable, Codable, Hashable {
        public var message: MessageID
        /// Receives: who may send it; sends: who it goes to.
        public var peers: [String]
        public var when: PredicateNode
    }

    /// An HTTP endpoint of a service: requests with this verb whose path matches the template
    /// (`{name}` matches one path segment) are the method `name`.
    public struct Route: Sendable, Codable, Hashable {
        public var name: String
        public var verb: String
        public var path: String
    }

    /// A Redis command of a service: requests whose first element is `name` (upper-cased) and that
    /// have exactly `arguments.count` further elements are this command; element i + 1 is the
    /// field `arguments[i]`.
    public struct Command: Sendable, Codable, Hashable {
        public var name: String
        public var arguments: [String]
    }

    /// What one service's port lets through.
    public struct ServiceTable: Sendable, Codable, Hashable {
        public var name: String
        public var proto: String
        public var address: String
        public var external: Bool
        /// The schema's qualified service (`kv.KV`, `warehouse.Stock`); nil for HTTP and Redis services.
        public var schema: String?
        /// HTTP services: their routes, in declaration order.
        public var routes: [Route]
        /// Redis services: their commands, sorted by name.
        public var commands: [Command]
        public var receives: [PlausibleMessage]
        public var sends: [PlausibleMessage]
        /// Every field path the predicates of this table, restrictions and monitors at this port read.
        public var fieldPaths: [String]
    }

    /// A message that must never pass (from a `never` invariant without `unless earlier`).
    public struct Restriction: Sendable, Codable, Hashable {
        public var invariant: String
        public var message: MessageID
        public var direction: Direction
        public var at: String
        public var when: PredicateNode
    }

    /// Whether an event is a message leaving (`send`) or reaching (`recv`) the service `at`.
    public enum Direction: String, Sendable, Codable { case send, recv }

    /// One event pattern of a monitor; `bind[i]` is the field whose value is bound variable i.
    public struct MonitorEvent: Sendable, Codable, Hashable {
        public var message: MessageID
        public var direction: Direction
        public var at: String
        public var when: PredicateNode
        public var bind: [String]
    }

    /// A parametric monitor for a locally monitorable sequence invariant: remember the bound
    /// tuples of `record` events; a `forbid` event whose tuple was not recorded is a violation.
    public struct Monitor: Sendable, Codable, Hashable {
        public var invariant: String
        public var port: String
        /// The invariant's forall variables (for messages about violations).
        public var boundNames: [String]
        public var boundTypes: [ValueType]
        public var record: [MonitorEvent]
        public var forbid: [MonitorEvent]
    }

    /// Verification outcome carried along so the enforcer can say what it enforces.
    public struct InvariantSummary: Sendable, Codable, Hashable {
        public var name: String
        public var status: VerdictStatus
        public var exact: Bool?
        public var monitorableAt: [String]
    }

    public var format: String
    public var version: Int
    public var app: String
    public var services: [ServiceTable]
    public var restrictions: [Restriction]
    public var monitors: [Monitor]
    public var invariants: [InvariantSummary]
    /// The imported schema files, so the enforcer reads fields with the schemas the spec was checked against.
    public var schemas: SchemaSources
}
