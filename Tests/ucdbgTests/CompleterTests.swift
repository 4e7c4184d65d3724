import DebuggerClient
import XCTest

final class CompleterTests: XCTestCase {
    private let withSpec = Completer(catalogue: Catalogue(apps: [], spec: SpecFixture.webforum))
    private let withoutSpec = Completer(catalogue: BreakpointCompilerTests.catalogueOnly)

    func testCommandsFirst() {
        XCTAssertEqual(withSpec.candidates(before: "", word: "b"), ["break", "backtrace"])
        XCTAssertEqual(withSpec.candidates(before: "", word: "de"), ["delete"])
        XCTAssertEqual(withSpec.candidates(before: "", word: "").count, CommandTable.entries.count)
        XCTAssertEqual(withSpec.candidates(before: "info ", word: ""), ["breakpoints", "requests", "switches"])
        XCTAssertEqual(withSpec.candidates(before: "i ", word: "r"), ["requests"])
        XCTAssertEqual(withSpec.candidates(before: "help ", word: "st"), ["step"])
        XCTAssertEqual(withSpec.candidates(before: "continue ", word: ""), [])
    }

    func testMessagesThenKeywordsThenFields() {
        XCTAssertEqual(withoutSpec.candidates(before: "b ", word: "kv."), ["kv.Insert", "kv.Get", "kv.Modify", "kv.Delete"])
        XCTAssertEqual(withoutSpec.candidates(before: "tbreak ", word: "re"), ["recv", "reply"])
        XCTAssertEqual(withoutSpec.candidates(before: "watch send reply ", word: "a"), ["auth.Authenticate"])
        XCTAssertEqual(withSpec.candidates(before: "b kv.Insert ", word: ""), ["where", "at", "request"])
        XCTAssertEqual(withSpec.candidates(before: "b kv.Insert where ", word: ""), ["key", "author", "value"])
        XCTAssertEqual(withSpec.candidates(before: "b frontend.login where ", word: "form."), ["form.user", "form.password"])
        XCTAssertEqual(withSpec.candidates(before: "b reply kv.Get where ", word: ""), ["request.key", "found", "value"])
        XCTAssertEqual(withSpec.candidates(before: "b kv.Insert where key == \"a\" ", word: "a"), ["author", "and", "at"])
        XCTAssertEqual(withSpec.candidates(before: "b kv.Insert at ", word: "f"), ["frontend"])
        XCTAssertEqual(withoutSpec.candidates(before: "b kv.Insert where ", word: ""), [])
    }
}
