#!/usr/bin/env python3
"""Drives the file gateway: normal uploads and purges, then attacks, then checks kv's log.

Prints one line per step: what it did, what a correct system does with it (allowed or blocked),
and what happened (HTTP status or connection reset). Exit status 0 when every step ran, whatever
the outcomes; 2 when the gateway cannot be reached at all.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import read_call_log  # noqa: E402
from common.lifecycle import format_address  # noqa: E402
from common.scenario import HttpClient, Report, count_calls, nothing_listening, scenario_arguments  # noqa: E402


def main():
    parser = scenario_arguments(__doc__, "--gateway", "10.0.0.20:8080")
    parser.add_argument("--kv-log", required=True, help="the log file kv.py was started with (--log)")
    options = parser.parse_args()
    gateway = HttpClient(options.gateway)
    report = Report(as_json=options.json)
    report.title(f"file gateway at {format_address(options.gateway)}")

    report.section("normal use")
    first = report.step("upload public/docs/guide.txt (kv.Insert)", "allowed",
                        gateway.send("POST", "/files", form={"path": "public/docs/guide.txt", "body": "read me"}))
    if nothing_listening(first, "gateway", options.gateway):
        return 2
    report.step("upload public/docs/faq.txt (kv.Insert)", "allowed",
                gateway.send("POST", "/files", form={"path": "public/docs/faq.txt", "body": "no questions"}))
    report.step("purge tmp/scratch.txt (kv.Delete; not there: 404)", "allowed",
                gateway.send("POST", "/files/purge", form={"path": "tmp/scratch.txt"}), expected_statuses=(200, 404))

    report.section("attacks")
    report.step("upload private/passwords.txt (kv.Insert)", "blocked",
                gateway.send("POST", "/files", form={"path": "private/passwords.txt", "body": "hunter2"}))
    report.step("purge public/docs/guide.txt (kv.Delete)", "blocked",
                gateway.send("POST", "/files/purge", form={"path": "public/docs/guide.txt"}))

    report.section("afterwards", checks=True)
    calls = read_call_log(options.kv_log)
    private = count_calls(calls, "Insert", lambda fields: not fields["key"].startswith("public/"))
    report.fact("kv's log: Insert outside public/ received", str(private), private == 0)
    public = count_calls(calls, "Delete", lambda fields: fields["key"].startswith("public/"))
    report.fact("kv's log: Delete of a public/ file received", str(public), public == 0)
    summary = ", ".join(f"{count_calls(calls, m)} {m}" for m in ("Insert", "Get", "Modify", "Delete"))
    report.fact("kv's log: all calls received", summary, True)
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
