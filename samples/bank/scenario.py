#!/usr/bin/env python3
"""Drives the bank: normal transfers, then attacks, then checks the accounts' and ledger's logs.

Prints one line per step: what it did, what a correct system does with it, and what happened
(HTTP status or connection reset). Exit status 0 when every step ran, whatever the outcomes;
2 when the gateway cannot be reached at all.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import read_call_log  # noqa: E402
from common.lifecycle import format_address  # noqa: E402
from common.scenario import HttpClient, Report, count_calls, nothing_listening, scenario_arguments  # noqa: E402


def transfer(bank, transfer_id, source, destination, amount):
    return bank.send("POST", "/transfers",
                     json_body={"id": transfer_id, "from": source, "to": destination, "amount": amount})


def unaudited_debits(accounts_calls, ledger_calls):
    recorded = {call["fields"]["transfer"] for call in ledger_calls if call["method"] == "Record"}
    return [call["fields"]["transfer"] for call in accounts_calls
            if call["method"] == "Debit" and call["fields"]["transfer"] not in recorded]


def main():
    parser = scenario_arguments(__doc__, "--gateway", "10.0.2.10:8080")
    parser.add_argument("--accounts-log", required=True, help="the log file accounts.py was started with")
    parser.add_argument("--ledger-log", required=True, help="the log file ledger.py was started with")
    options = parser.parse_args()
    bank = HttpClient(options.gateway)
    report = Report(as_json=options.json)
    report.title(f"bank at {format_address(options.gateway)}")

    report.section("normal use")
    first = report.step("t1: alice pays bob 100 (Record, Debit, Credit)", "allowed",
                        transfer(bank, "t1", "alice", "bob", 100))
    if nothing_listening(first, "gateway", options.gateway):
        return 2
    report.step("t2: bob pays carol 50 (Record, Debit, Credit)", "allowed", transfer(bank, "t2", "bob", "carol", 50))

    report.section("attacks")
    report.step("t3: carol pays 5000, has 50: credited anyway", "blocked", transfer(bank, "t3", "carol", "alice", 5000),
                blocked_statuses=(400, 402, 403, 502))
    micro = transfer(bank, "t4", "alice", "bob", 5)
    skipped = "t4" in unaudited_debits(read_call_log(options.accounts_log), read_call_log(options.ledger_log))
    report.step("t4: alice pays bob 5, debit skips the ledger", "audited", micro, as_expected=not skipped)

    report.section("afterwards", checks=True)
    accounts_calls = read_call_log(options.accounts_log)
    ledger_calls = read_call_log(options.ledger_log)
    unaudited = unaudited_debits(accounts_calls, ledger_calls)
    report.fact("accounts' log: Debit the ledger never recorded", ", ".join(unaudited) or "none", not unaudited)
    credited = count_calls(accounts_calls, "Credit", lambda fields: fields["transfer"] == "t3")
    report.fact("accounts' log: Credit of t3 (debit declined)", str(credited), credited == 0)
    summary = f"{count_calls(ledger_calls, 'Record')} Record, " + ", ".join(
        f"{count_calls(accounts_calls, m)} {m}" for m in ("Debit", "Credit"))
    report.fact("logs: all calls received", summary, True)
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
