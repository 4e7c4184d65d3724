#!/usr/bin/env python3
"""Drives the warehouse shop: normal purchases and a cancellation, then attacks, then checks the
stock service's log.

Prints one line per step: what it did, what a correct system does with it (allowed or blocked),
and what happened (HTTP status or connection reset). Exit status 0 when every step ran, whatever
the outcomes; 2 when the shop cannot be reached at all.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import read_call_log  # noqa: E402
from common.lifecycle import format_address  # noqa: E402
from common.scenario import HttpClient, Report, count_calls, nothing_listening, scenario_arguments  # noqa: E402

REFUSED = (400, 403, 404, 502)  # the shop refuses before calling stock, or its call was reset


def buy(shop, order, sku, quantity):
    return shop.send("POST", "/buy", json_body={"order": order, "sku": sku, "quantity": quantity})


def main():
    parser = scenario_arguments(__doc__, "--shop", "10.0.0.30:8080")
    parser.add_argument("--stock-log", required=True, help="the log file stock.py was started with")
    options = parser.parse_args()
    shop = HttpClient(options.shop)
    report = Report(as_json=options.json)
    report.title(f"warehouse shop at {format_address(options.shop)}")

    report.section("normal use")
    first = report.step("w1: buy 3 widgets (stock.reserve)", "allowed", buy(shop, "w1", "widget", 3),
                        expected_statuses=(202,))
    if nothing_listening(first, "shop", options.shop):
        return 2
    report.step("g1: buy 2 gadgets (stock.reserve)", "allowed", buy(shop, "g1", "gadget", 2), expected_statuses=(202,))
    report.step("cancel g1 (stock.release)", "allowed", shop.send("POST", "/cancel", json_body={"order": "g1"}))

    report.section("attacks")
    report.step("w2: buy 0 widgets (stock.reserve quantity 0)", "blocked", buy(shop, "w2", "widget", 0),
                blocked_statuses=REFUSED)
    report.step("w3: buy 400 widgets (stock.reserve quantity 400)", "blocked", buy(shop, "w3", "widget", 400),
                blocked_statuses=REFUSED)
    report.step("cancel x9, never bought (stock.release)", "blocked",
                shop.send("POST", "/cancel", json_body={"order": "x9"}), blocked_statuses=REFUSED)

    report.section("afterwards", checks=True)
    calls = read_call_log(options.stock_log)
    insane = count_calls(calls, "reserve", lambda fields: not 1 <= fields["reservation"]["quantity"] <= 100)
    report.fact("stock's log: reserve of quantity outside 1..100", str(insane), insane == 0)
    reserved = {call["fields"]["reservation"]["order"] for call in calls if call["method"] == "reserve"}
    unknown = count_calls(calls, "release", lambda fields: fields["order"] not in reserved)
    report.fact("stock's log: release of an order never reserved", str(unknown), unknown == 0)
    summary = ", ".join(f"{count_calls(calls, m)} {m}" for m in ("reserve", "release", "count"))
    report.fact("stock's log: all calls received", summary, True)
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
