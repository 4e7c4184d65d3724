#!/usr/bin/env python3
"""Drives the web forum: normal use, then attacks, then checks what the kv store received.

Prints one line per step: what it did, what a correct system does with it (allowed or blocked),
and what happened (HTTP status or connection reset). Exit status 0 when every step ran, whatever
the outcomes; 2 when the frontend cannot be reached at all.
"""
import sys
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import read_call_log  # noqa: E402
from common.lifecycle import format_address  # noqa: E402
from common.scenario import HttpClient, Report, count_calls, nothing_listening, scenario_arguments  # noqa: E402

ALICE_POST = "hello from alice"


def main():
    parser = scenario_arguments(__doc__, "--frontend", "10.0.0.10:8080")
    parser.add_argument("--kv-log", required=True, help="the log file kv.py was started with (--log)")
    options = parser.parse_args()
    forum = HttpClient(options.frontend)
    report = Report(as_json=options.json)
    report.title(f"web forum at {format_address(options.frontend)}")

    report.section("normal use")
    login = report.step("alice logs in (auth.Authenticate)", "allowed",
                        forum.send("POST", "/login", form={"user": "alice", "password": "wonderland"}))
    if nothing_listening(login, "frontend", options.frontend):
        return 2
    report.step("bob logs in (auth.Authenticate)", "allowed",
                forum.send("POST", "/login", form={"user": "bob", "password": "builder"}))
    alice_post = report.step(f'alice posts "{ALICE_POST}" (kv.Insert)', "allowed",
                             forum.send("POST", "/post", query={"user": "alice"}, form={"body": ALICE_POST}))
    bob_post = report.step('bob posts "hi alice" (kv.Insert)', "allowed",
                           forum.send("POST", "/post", query={"user": "bob"}, form={"body": "hi alice"}))
    alice_key = alice_post.text.strip() if alice_post.succeeded else "post/1"
    bob_key = bob_post.text.strip() if bob_post.succeeded else "post/2"
    report.step(f"bob reads alice's post {alice_key} (kv.Get)", "allowed",
                forum.send("GET", f"/msg/{quote(alice_key, safe='')}"))
    report.step(f"alice reads bob's post {bob_key} (kv.Get)", "allowed",
                forum.send("GET", f"/msg/{quote(bob_key, safe='')}"))

    report.section("attacks")
    report.step("mallory posts without logging in (kv.Insert)", "blocked",
                forum.send("POST", "/post", query={"user": "mallory"}, form={"body": "buy cheap watches"}))
    report.step("frontend edits alice's post (kv.Modify)", "blocked",
                forum.send("POST", "/post", query={"user": "bob", "edit": alice_key}, form={"body": "defaced"}))
    report.step("frontend deletes alice's post (kv.Delete)", "blocked",
                forum.send("GET", f"/msg/{quote(alice_key, safe='')}", query={"delete": "1"}))

    report.section("afterwards", checks=True)
    check = forum.send("GET", f"/msg/{quote(alice_key, safe='')}")
    intact = check.status == 200 and check.text.strip() == ALICE_POST
    report.fact(f"alice's post {alice_key} (read back with kv.Get)",
                f'intact: "{ALICE_POST}"' if intact else f"NOT intact: {check.summary()}", intact)
    calls = read_call_log(options.kv_log)
    changes = count_calls(calls, "Modify") + count_calls(calls, "Delete")
    report.fact("kv's log: Modify or Delete received", str(changes), changes == 0)
    mallory = count_calls(calls, "Insert", lambda fields: fields.get("author") == "mallory")
    report.fact("kv's log: Insert by mallory received", str(mallory), mallory == 0)
    summary = ", ".join(f"{count_calls(calls, m)} {m}" for m in ("Insert", "Get", "Modify", "Delete"))
    report.fact("kv's log: all calls received", summary, True)
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
