import DebuggerClient
import XCTest

final class CommandParserTests: XCTestCase {
    private func parsed(_ line: String) -> Command? { try? CommandParser.parse(line).get() }

    private func error(_ line: String) -> String? {
        if case .failure(let error) = CommandParser.parse(line) { return error.message }
        return nil
    }

    func testGdbAliasesAndPrefixes() {
        XCTAssertEqual(parsed("b kv.Insert"), .setBreakpoint(.breakpoint, pattern: "kv.Insert"))
        XCTAssertEqual(parsed("break   kv.Insert where key == \"a\"  "), .setBreakpoint(.breakpoint, pattern: "kv.Insert where key == \"a\""))
        XCTAssertEqual(parsed("tbreak reply kv.Get"), .setBreakpoint(.temporary, pattern: "reply kv.Get"))
        XCTAssertEqual(parsed("tb kv.Get"), .setBreakpoint(.temporary, pattern: "kv.Get"))
        XCTAssertEqual(parsed("watch kv.Get"), .setBreakpoint(.watchpoint, pattern: "kv.Get"))
        XCTAssertEqual(parsed("d"), .delete([]))
        XCTAssertEqual(parsed("del 2 3"), .delete([2, 3]))
        XCTAssertEqual(parsed("i b"), .info(.breakpoints))
        XCTAssertEqual(parsed("info breakpoints"), .info(.breakpoints))
        XCTAssertEqual(parsed("info req"), .info(.requests))
        XCTAssertEqual(parsed("info sw"), .info(.switches))
        for line in ["c", "cont", "continue"] { XCTAssertEqual(parsed(line), .continue, line) }
        for line in ["s", "st", "step"] { XCTAssertEqual(parsed(line), .step, line) }
        XCTAssertEqual(parsed("p"), .print(field: nil))
        XCTAssertEqual(parsed("print form.user"), .print(field: "form.user"))
        for line in ["bt", "back", "backtrace", "where"] { XCTAssertEqual(parsed(line), .backtrace, line) }
        XCTAssertEqual(parsed("drop"), .drop)
        XCTAssertEqual(parsed("request 2"), .selectRequest(2))
        XCTAssertEqual(parsed("set timeout 2.5"), .setTimeout(2.5))
        XCTAssertEqual(parsed("help step"), .help("step"))
        XCTAssertEqual(parsed("q"), .quit)
        XCTAssertEqual(parsed("   "), .nothing)
        XCTAssertEqual(parsed("# b kv.Insert"), .nothing)
    }

    func testErrorsAreGdbLikeLines() {
        XCTAssertEqual(error("frobnicate"), "Undefined command: \"frobnicate\".  Try \"help\".")
        XCTAssertEqual(error("b"), "Argument required (a message pattern): break PATTERN.")
        XCTAssertEqual(error("d one"), "Args must be breakpoint numbers: \"one\".")
        XCTAssertEqual(error("info"), "\"info\" must be followed by the name of an info command: breakpoints, requests, switches.")
        XCTAssertEqual(error("info frames"), "Undefined info command: \"frames\".  Try \"help info\".")
        XCTAssertEqual(error("continue 3"), "\"continue\" takes no arguments: continue")
        XCTAssertEqual(error("request x"), "Usage: request N")
        XCTAssertEqual(error("set timeout -1"), "Usage: set timeout SECONDS")
    }

    func testHelpListsEveryCommandWithItsAliases() {
        let summary = CommandTable.summary
        for entry in CommandTable.entries { XCTAssertTrue(summary.contains(entry.usage), entry.name) }
        XCTAssertTrue(summary.contains("(c, cont)"))
        XCTAssertTrue(summary.hasPrefix("List of commands:"))
    }
}
