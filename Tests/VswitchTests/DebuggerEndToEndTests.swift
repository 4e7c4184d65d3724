import Foundation
import XCTest

/// `ucdbg` driving real vswitches that carry the web forum between namespaces, used the way a
/// person uses it: in a terminal (tmux: keys typed, the screen read back) or as a script on its
/// standard input. ucdbg runs in an operator's namespace linked to each switch's namespace.
final class DebuggerEndToEndTests: XCTestCase {
    private var forums: [DebuggedForum] = []
    private var network: ManagementNetwork?
    private var terminal: TmuxSession?
    private var switchAddresses: [String] = []

    private static let aliceTrace = "4bf92f3577b34da6a3ce929d0e0e4736"
    private static let ucdbg = RunningSwitch.productsDirectory().appendingPathComponent("ucdbg").path
    private static let spec = URL(fileURLWithPath: FileManager.default.currentDirectoryPath).appendingPathComponent("specs/webforum.ucheck").path

    override func tearDown() {
        terminal?.kill()
        for forum in forums.reversed() { forum.remove() }
        network?.remove()
    }

    /// Starts `count` forums, each behind its own switch, and links the switches to the operator's namespace.
    private func startForums(_ count: Int = 1, sessionTimeout: Double = 10) throws {
        let compiled = try compiledSpecFile("specs/webforum.ucheck")
        for instance in 0..<count {
            forums.append(try DebuggedForum(compiledSpec: compiled, instance: instance, sessionTimeout: sessionTimeout))
        }
        let network = ManagementNetwork(tag: forums[0].testbed.topology.tag)
        self.network = network
        switchAddresses = try forums.enumerated().map { i, forum in
            try network.link(forum.testbed.topology.switchNamespace, index: i + 1) + ":7070"
        }
        for forum in forums {
            XCTAssertTrue(try forum.request(from: 1, "/login", form: "user=alice&password=wonderland").hasSuffix("[200]"))
            XCTAssertTrue(try forum.request(from: 2, "/login", form: "user=bob&password=builder").hasSuffix("[200]"))
        }
    }

    private func ucdbgArguments(tokenFiles: [String]? = nil, history: String? = nil) -> [String] {
        var arguments = [Self.ucdbg]
        for address in switchAddresses { arguments += ["--switch", address] }
        for token in tokenFiles ?? forums.map(\.tokenPath) { arguments += ["--token-file", token] }
        arguments += ["--spec", Self.spec]
        if let history { arguments += ["--history", history] }
        return arguments
    }

    /// ucdbg in a terminal; waits for its first prompt.
    private func openTerminal(history: String? = nil) throws -> TmuxSession {
        let command = (["ip", "netns", "exec", network!.namespace] + ucdbgArguments(history: history)).joined(separator: " ")
        let session = try TmuxSession(command, directory: forums[0].testbed.directory)
        terminal = session
        guard session.waitFor("(ucdbg)") != nil else {
            XCTFail("no prompt: \(session.screen())")
            throw XCTSkip("ucdbg did not start")
        }
        return session
    }

    private func expectScreen(_ session: TmuxSession, _ text: String, count: Int = 1, timeout: Double = 20,
                              file: StaticString = #filePath, line: UInt = #line) -> String {
        guard let screen = session.waitFor(text, count: count, timeout: timeout) else {
            XCTFail("the screen never showed \(count)× '\(text)':\n\(session.screen())", file: file, line: line)
            return session.screen()
        }
        return screen
    }

    private func kvInsertAuthors(_ forum: DebuggedForum) -> [String] {
        forum.kvCalls().filter { $0["method"] as? String == "Insert" }.compactMap { ($0["fields"] as? [String: Any])?["author"] as? String }
    }

    /// A breakpoint on kv.Insert holds alice's post at the switch while bob's login, post and
    /// read complete; `bt` shows her request so far; `step` walks it to kv's reply and then to
    /// the frontend's HTTP response, and the post completes.
    func testBreakpointHoldsOnePostWhileOthersFlowAndStepWalksItToItsResponse() throws {
        try startForums()
        let forum = forums[0]
        let session = try openTerminal()
        try session.type(#"break kv.Insert where author == "alice""#)
        _ = expectScreen(session, "Breakpoint 1: kv.Insert request on")
        let post = try forum.startRequest(from: 1, "/post?user=alice", form: "body=held+post", trace: Self.aliceTrace)
        let stop = expectScreen(session, "Breakpoint 1, kv.Insert request frontend → kv")
        XCTAssertTrue(stop.contains("  request \(Self.aliceTrace)"), stop)
        XCTAssertTrue(stop.contains(#"  author = "alice""#), stop)
        XCTAssertTrue(stop.contains(#"  value = "held post""#), stop)
        XCTAssertEqual(kvInsertAuthors(forum), [], "the held Insert has not reached kv")

        // Everyone else flows: bob posts and reads while alice's Insert is held.
        let bobPost = try forum.request(from: 2, "/post?user=bob", form: "body=bob+was+here")
        XCTAssertTrue(bobPost.hasSuffix("[200]"), bobPost)
        let key = bobPost.components(separatedBy: " [")[0].replacingOccurrences(of: "/", with: "%2F")
        XCTAssertEqual(try forum.request(from: 2, "/msg/\(key)"), "bob was here [200]")
        XCTAssertEqual(kvInsertAuthors(forum), ["bob"])
        XCTAssertTrue(post.process.isRunning, "alice's post still waits for its held Insert")

        try session.type("bt")
        let chart = expectScreen(session, "request \(Self.aliceTrace): 2 messages")
        let rows = chart.components(separatedBy: "\n").filter { $0.contains("request") && $0.contains("|") }
        XCTAssertEqual(rows.count, 2, chart)
        XCTAssertTrue(rows.first?.contains("post request") == true && rows.last?.contains("Insert request") == true, chart)
        XCTAssertTrue(rows.last?.hasSuffix("held") == true, chart)

        try session.type("step")
        _ = expectScreen(session, "Step, kv.Insert response kv → frontend")
        XCTAssertEqual(kvInsertAuthors(forum), ["bob", "alice"], "released, the Insert reached kv")
        try session.type("step")
        _ = expectScreen(session, "Step, frontend.post response frontend → client")
        XCTAssertTrue(post.process.isRunning, "the HTTP response is held")
        try session.type("step")
        _ = expectScreen(session, "request \(Self.aliceTrace) finished")
        let answer = post.finish(timeout: 10)
        XCTAssertTrue(answer.output.hasSuffix("[200]"), "\(answer)")
        try session.type("bt")
        let full = expectScreen(session, "request \(Self.aliceTrace): 4 messages")
        for row in ["post request", "Insert request", "Insert response", "post response"] {
            XCTAssertTrue(full.contains(row), "\(row) missing:\n\(full)")
        }
        XCTAssertEqual(forum.violations().count, 0, "debugging blocked nothing")
    }

    /// `drop` resets the held call: the frontend answers 502, kv never gets the Insert, and the
    /// switch logs the drop. Driven as a script on ucdbg's standard input (batch mode).
    func testDropFromAScriptResetsTheHeldCall() throws {
        try startForums()
        let forum = forums[0]
        let directory = forum.testbed.directory
        let fifo = directory.appendingPathComponent("ucdbg.in").path, output = directory.appendingPathComponent("ucdbg.out").path
        XCTAssertEqual(mkfifo(fifo, 0o600), 0)
        let command = (["exec", "ip", "netns", "exec", network!.namespace] + ucdbgArguments() + ["<", fifo, ">", output, "2>&1"])
            .joined(separator: " ")
        let debugger = try Command.start(["bash", "-c", command])
        let input = try XCTUnwrap(FileHandle(forWritingAtPath: fifo))
        func say(_ lines: String) { input.write(Data((lines + "\n").utf8)) }
        func printed(_ text: String) -> Bool {
            let deadline = Date().addingTimeInterval(20)
            while Date() < deadline {
                if ((try? String(contentsOfFile: output, encoding: .utf8)) ?? "").contains(text) { return true }
                usleep(100_000)
            }
            return false
        }
        say("break kv.Insert")
        XCTAssertTrue(printed("Breakpoint 1: kv.Insert request on sw1."))
        say("continue\nprint author\ndrop\ninfo requests")
        let post = try forum.request(from: 1, "/post?user=alice", form: "body=doomed", trace: Self.aliceTrace)
        XCTAssertTrue(printed("Dropped"))
        say("quit")
        input.closeFile()
        let result = debugger.finish(timeout: 20)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        XCTAssertEqual(result.status, 0, "\(result) \(text)")
        XCTAssertTrue(text.contains("Breakpoint 1, kv.Insert request frontend → kv [sw1 stop 1]"), text)
        XCTAssertTrue(text.contains(#""alice""#), text)
        XCTAssertTrue(text.contains("Dropped kv.Insert request frontend → kv [sw1 stop 1]: its connection is reset."), text)
        XCTAssertFalse(text.contains("\u{1B}["), "no colour in batch mode")
        XCTAssertTrue(post.hasPrefix("kv.Insert: connection reset"), post)
        XCTAssertTrue(post.hasSuffix("[502]"), post)
        XCTAssertEqual(kvInsertAuthors(forum), [], "the dropped Insert never reached kv")
        let records = forum.violations()
        XCTAssertEqual(records.count, 1, "\(records)")
        XCTAssertEqual((records.first?["violations"] as? [[String: Any]])?.first?["kind"] as? String, "debugger-drop")
        XCTAssertEqual(records.first?["request_id"] as? String, Self.aliceTrace)
    }

    /// One session attached to two switches, each in front of its own forum: a breakpoint is
    /// set on both, each switch's hit stops the session, `info requests` lists both held
    /// messages, and `continue` releases each where it is held.
    func testOneSessionDrivesTwoSwitches() throws {
        try startForums(2)
        let session = try openTerminal()
        _ = expectScreen(session, "session", count: 2)
        try session.type("break kv.Insert")
        _ = expectScreen(session, "Breakpoint 1: kv.Insert request on sw1, sw2.")
        let first = try forums[0].startRequest(from: 1, "/post?user=alice", form: "body=on+forum+one")
        _ = expectScreen(session, "Breakpoint 1, kv.Insert request frontend → kv [sw1 stop 1]")
        let second = try forums[1].startRequest(from: 2, "/post?user=bob", form: "body=on+forum+two")
        _ = expectScreen(session, "Breakpoint 1, kv.Insert request frontend → kv [sw2 stop 1]")
        try session.type("info requests")
        let table = expectScreen(session, "Held messages:")
        let heldRows = table.components(separatedBy: "Held messages:").last!.components(separatedBy: "\n")
            .filter { $0.contains("kv.Insert request frontend → kv") }
        XCTAssertEqual(heldRows.count, 2, table)
        XCTAssertTrue(heldRows.contains { $0.contains("sw1") } && heldRows.contains { $0.contains("sw2") }, table)
        XCTAssertTrue(first.process.isRunning && second.process.isRunning, "both posts are held")
        // `continue` releases the current stop (sw2's, the latest) and waits for the next one.
        try session.type("continue")
        _ = expectScreen(session, "Continuing.")
        let two = second.finish(timeout: 15)
        XCTAssertTrue(first.process.isRunning, "sw1's stop is still held")
        try session.press("C-c")
        _ = expectScreen(session, "Interrupted: nothing stopped; back at the prompt.")
        try session.type("request 1")
        try session.type("continue")
        _ = expectScreen(session, "Continuing.", count: 2)
        let one = first.finish(timeout: 15)
        XCTAssertTrue(one.output.hasSuffix("[200]"), "\(one)")
        XCTAssertTrue(two.output.hasSuffix("[200]"), "\(two)")
        XCTAssertEqual(kvInsertAuthors(forums[0]), ["alice"])
        XCTAssertEqual(kvInsertAuthors(forums[1]), ["bob"])
    }

    /// The terminal as a person uses it: tab completion of commands, methods and fields from the
    /// spec, colour, `help`, a gdb-like error, and history recalled in the next session.
    func testLineEditingCompletionColourAndHistoryAcrossSessions() throws {
        try startForums()
        let history = forums[0].testbed.directory.appendingPathComponent("ucdbg-history").path
        var session = try openTerminal(history: history)
        try session.type("brea", enter: false)
        try session.press("Tab")
        try session.type("kv.Ins", enter: false)
        try session.press("Tab")
        try session.type("where aut", enter: false)
        try session.press("Tab")
        try session.type(#"== "carol""#)
        _ = expectScreen(session, "Breakpoint 1: kv.Insert request on")
        XCTAssertTrue(session.screen().contains(#"(ucdbg) break kv.Insert where author == "carol""#), session.screen())
        try session.type("frobnicate")
        _ = expectScreen(session, #"Undefined command: "frobnicate".  Try "help"."#)
        try session.type("help")
        let help = expectScreen(session, "backtrace")
        for command in ["break", "tbreak", "watch", "delete", "continue", "step", "print", "drop", "info"] {
            XCTAssertTrue(help.contains(command), "help lists \(command):\n\(help)")
        }
        let post = try forums[0].startRequest(from: 1, "/post?user=alice", form: "body=colour")
        XCTAssertTrue(post.finish(timeout: 15).output.hasSuffix("[200]"), "a breakpoint on carol's posts lets alice's pass")
        try session.type("watch kv.Insert")
        _ = expectScreen(session, "Watchpoint 2")
        _ = try forums[0].request(from: 1, "/post?user=alice", form: "body=watched")
        _ = expectScreen(session, "Watchpoint 2, kv.Insert request frontend → kv")
        let coloured = try Command.check(["tmux", "-S", session.socket, "capture-pane", "-p", "-e", "-S", "-", "-t", "0"])
        XCTAssertTrue(coloured.contains("\u{1B}[1mWatchpoint 2,"), "colour on a terminal:\n\(coloured.debugDescription)")
        try session.type("quit")
        XCTAssertNotNil(session.waitFor(timeout: 10) { _ in (try? session.programPID()) == nil }, "ucdbg exits on quit")
        session.kill()

        session = try openTerminal(history: history)
        // Up walks back through the last session's lines: quit, the post-less watch, help, …, the break.
        var recalled = false
        for _ in 0..<8 where !recalled {
            try session.press("Up")
            recalled = session.waitFor(timeout: 1) { screen in
                screen.split(separator: "\n").last { !$0.trimmingCharacters(in: .whitespaces).isEmpty } == #"(ucdbg) break kv.Insert where author == "carol""#
            } != nil
        }
        XCTAssertTrue(recalled, "history from the previous session:\n\(session.screen())")
    }

    /// Control connections without the token are refused (the switch logs them); a debugger
    /// that goes silent while holding a message (stopped, its socket still open) has it
    /// released once the switch's session timeout passes.
    func testUnauthenticatedConnectionsAreRefusedAndASilentDebuggersHoldIsReleasedAfterTheTimeout() throws {
        try startForums(sessionTimeout: 2)
        let forum = forums[0]
        let wrongToken = forum.testbed.directory.appendingPathComponent("wrong-token").path
        try "0123456789abcdef0123456789abcdef\n".write(toFile: wrongToken, atomically: true, encoding: .utf8)
        let refused = try Command.run(["ip", "netns", "exec", network!.namespace] + ucdbgArguments(tokenFiles: [wrongToken]), input: Data("quit\n".utf8))
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.error.contains("refused") && refused.error.contains("token"), refused.error)
        let raw = try Command.run(["ip", "netns", "exec", network!.namespace, "python3", "-c", """
            import socket
            s = socket.create_connection(("\(switchAddresses[0].split(separator: ":")[0])", 7070))
            s.sendall(b'{"id": 1, "op": "break"}\\n')
            print(s.makefile().readline().strip()); print("closed" if s.recv(1) == b"" else "open")
            """])
        XCTAssertTrue(raw.output.contains(#""ok":false"#) && raw.output.contains("authenticate first"), raw.output)
        XCTAssertTrue(raw.output.hasSuffix("closed\n"), raw.output)
        XCTAssertTrue(forum.testbed.vswitch.log.contains("refused: wrong or missing token"), forum.testbed.vswitch.log)

        let session = try openTerminal()
        try session.type("break kv.Insert")
        _ = expectScreen(session, "Breakpoint 1: kv.Insert request on")
        let post = try forum.startRequest(from: 1, "/post?user=alice", form: "body=orphaned")
        _ = expectScreen(session, "Breakpoint 1, kv.Insert request frontend → kv")
        let pid = try session.programPID()
        kill(pid, SIGSTOP)
        defer { kill(pid, SIGCONT) }
        let stopped = Date()
        let answer = post.finish(timeout: 20)
        let held = Date().timeIntervalSince(stopped)
        XCTAssertTrue(answer.output.hasSuffix("[200]"), "\(answer)")
        XCTAssertGreaterThan(held, 1.5, "held until the session timed out")
        XCTAssertLessThan(held, 2 + 3, "released within the 2 s timeout (plus the frontend's retransmission wait)")
        XCTAssertTrue(forum.testbed.vswitch.log.contains("ended (silent for over 2.0 s)"), forum.testbed.vswitch.log)
        XCTAssertEqual(kvInsertAuthors(forum), ["alice"])
    }
}
