import RPCDecode
import XCTest

/// The allocation-free RESP scanner the enforcer reads Redis fields with: command arguments by
/// position, the argument count, and scalar replies.
final class RESPScannerTests: XCTestCase {
    private func scan<T>(_ text: String, _ body: (UnsafeRawBufferPointer) -> T) -> T {
        Array(text.utf8).withUnsafeBytes(body)
    }

    private func reply(_ text: String) -> String {
        scan(text) { payload in
            switch RESPScanner.scalarReply(in: payload) {
            case .text(let bytes)?: return "text \(String(decoding: bytes, as: UTF8.self))"
            case .integer(let n)?: return "integer \(n)"
            case .boolean(let b)?: return "boolean \(b)"
            case .null?: return "null"
            case nil: return "none"
            }
        }
    }

    func testScalarReplies() {
        XCTAssertEqual(reply("+OK\r\n"), "text OK")
        XCTAssertEqual(reply("$5\r\nalice\r\n"), "text alice")
        XCTAssertEqual(reply("$0\r\n\r\n"), "text ")
        XCTAssertEqual(reply("=9\r\ntxt:hello\r\n"), "text hello", "verbatim string without its format")
        XCTAssertEqual(reply(":-42\r\n"), "integer -42")
        XCTAssertEqual(reply("#t\r\n"), "boolean true")
        XCTAssertEqual(reply("#f\r\n"), "boolean false")
        XCTAssertEqual(reply("$-1\r\n"), "null")
        XCTAssertEqual(reply("*-1\r\n"), "null")
        XCTAssertEqual(reply("_\r\n"), "null")
    }

    func testRepliesWithoutAScalarValue() {
        XCTAssertEqual(reply("-ERR unknown command\r\n"), "none", "an error is a status, not a value")
        XCTAssertEqual(reply("*2\r\n$4\r\nsave\r\n$0\r\n\r\n"), "none")
        XCTAssertEqual(reply(",3.14\r\n"), "none")
        XCTAssertEqual(reply("$10\r\nshort\r\n"), "none", "a bulk string shorter than its length")
        XCTAssertEqual(reply("#x\r\n"), "none")
        XCTAssertEqual(reply(""), "none")
    }

    func testArgumentCountOfArraysAndInlineCommands() {
        XCTAssertEqual(scan("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n") { RESPScanner.argumentCount(in: $0) }, 3)
        XCTAssertEqual(scan("*1\r\n$8\r\nFLUSHALL\r\n") { RESPScanner.argumentCount(in: $0) }, 1)
        XCTAssertEqual(scan("DEL  a\tb\r\n") { RESPScanner.argumentCount(in: $0) }, 3)
        XCTAssertEqual(scan("*x\r\n") { RESPScanner.argumentCount(in: $0) }, 0)
    }

    func testArgumentsByPosition() {
        let set = "*3\r\n$3\r\nSET\r\n$9\r\nsession:1\r\n$5\r\nalice\r\n"
        XCTAssertEqual(scan(set) { RESPScanner.argument(1, in: $0).map { String(decoding: $0, as: UTF8.self) } }, "session:1")
        XCTAssertEqual(scan(set) { RESPScanner.argument(2, in: $0).map { String(decoding: $0, as: UTF8.self) } }, "alice")
        XCTAssertNil(scan(set) { RESPScanner.argument(3, in: $0) })
    }

    func testMalformedHeaderLinesHaveNoArguments() {
        let key: (String) -> String? = { payload in self.scan(payload) { RESPScanner.argument(1, in: $0).map { String(decoding: $0, as: UTF8.self) } } }
        XCTAssertEqual(key("*2\r\n$3\r\nGET\r\n$1\r\nk\r\n"), "k")
        XCTAssertNil(key("*2\r\n$3\r\nGET\r\n$1x\r\nk\r\n"), "junk after the length")
        XCTAssertNil(key("*2\r\n$3\r\nGET\r\n$\r\nk\r\n"), "no digits")
        XCTAssertNil(key("*2\r\n$3\r\nGET\r\n$1\rk\r\n"), "CR without LF")
        XCTAssertNil(key("*2\r\n$3\r\nGET\r\n$-1\r\n"), "a null bulk string is no argument")
        XCTAssertNil(key("*2\r\n$3\r\nGET\r\n$1000000000000000001\r\nk\r\n"), "19 digits")
        XCTAssertNil(key("*2\r\n$3\r\nGET\r\n$5\r\nk\r\n"), "shorter than its length")
        XCTAssertEqual(scan("*-1\r\n") { RESPScanner.argumentCount(in: $0) }, 0)
        XCTAssertEqual(scan("*2") { RESPScanner.argumentCount(in: $0) }, 0, "no CRLF")
    }

    func testIntegers() {
        XCTAssertEqual(scan("60") { RESPScanner.integer($0) }, 60)
        XCTAssertEqual(scan("-7") { RESPScanner.integer($0) }, -7)
        XCTAssertNil(scan("6O") { RESPScanner.integer($0) })
        XCTAssertNil(scan("") { RESPScanner.integer($0) })
        XCTAssertNil(scan("1234567890123456789") { RESPScanner.integer($0) }, "more than 18 digits")
    }
}
