/// The application and the two services of one connection, in one object: each message the
/// debugger records of the connection refers to it rather than copying three names.
final class ConnectionNames: Sendable {
    let app: String
    let client: String
    let server: String

    init(app: String, client: String, server: String) {
        self.app = app
        self.client = client
        self.server = server
    }
}
