/// Why an HTTP/1.1 head could not be parsed.
enum HTTP1HeadError: Error {
    case malformed(String)
    /// The head is larger than the limit (bytes seen so far).
    case tooLarge(Int)
}
