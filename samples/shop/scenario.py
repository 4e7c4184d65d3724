#!/usr/bin/env python3
"""Drives the shop: normal checkouts and shipping, then attacks, then checks the backends' logs.

Prints one line per step: what it did, what a correct system does with it (allowed or blocked),
and what happened (HTTP status or connection reset). Exit status 0 when every step ran, whatever
the outcomes; 2 when the storefront cannot be reached at all.
"""
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import read_call_log  # noqa: E402
from common.lifecycle import format_address  # noqa: E402
from common.scenario import HttpClient, Report, count_calls, nothing_listening, scenario_arguments  # noqa: E402


def checkout(shop, order, item, qty, amount):
    return shop.send("POST", "/checkout", json_body={"order": order, "item": item, "qty": qty, "amount": amount})


def main():
    parser = scenario_arguments(__doc__, "--storefront", "10.0.1.10:8080")
    parser.add_argument("--payment-log", required=True, help="the log file payment.py was started with")
    parser.add_argument("--inventory-log", required=True, help="the log file inventory.py was started with")
    options = parser.parse_args()
    shop = HttpClient(options.storefront)
    report = Report(as_json=options.json)
    report.title(f"shop at {format_address(options.storefront)}")

    report.section("normal use")
    first = report.step("checkout o1: 2 teapots for 100 (Charge, Reserve)", "allowed",
                        checkout(shop, "o1", "teapot", 2, 100))
    if nothing_listening(first, "storefront", options.storefront):
        return 2
    report.step("checkout o2: 1 mug for 20 (Charge, Reserve)", "allowed", checkout(shop, "o2", "mug", 1, 20))
    report.step("ship o1 (inventory.Ship)", "allowed", shop.send("POST", "/orders/o1/ship"), expected_statuses=(202,))

    report.section("attacks")
    report.step("checkout o3 for 0 (payment.Charge amount 0)", "blocked", checkout(shop, "o3", "teapot", 1, 0))
    report.step("checkout o4: 50 mugs (inventory.Reserve qty 50)", "blocked", checkout(shop, "o4", "mug", 50, 500))
    report.step("ship o5, never paid (inventory.Ship)", "blocked", shop.send("POST", "/orders/o5/ship"))
    report.step("express-ship o2: fee charged outside checkout", "blocked",
                shop.send("POST", "/orders/o2/ship", query={"express": "1"}))
    report.step("pre-order o6: paid, never reserved (Charge)", "allowed",
                checkout(shop, "o6", "preorder-kettle", 1, 30), expected_statuses=(200, 403))
    report.step("ship o6: inventory confirms, never reserved", "blocked",
                shop.send("POST", "/orders/o6/ship"), blocked_statuses=(400, 403, 409, 502))

    report.section("afterwards", checks=True)
    charges = read_call_log(options.payment_log)
    inventory = read_call_log(options.inventory_log)
    free = count_calls(charges, "Charge", lambda fields: fields["amount"] <= 0)
    report.fact("payment's log: Charge of 0 or less received", str(free), free == 0)
    bulk = count_calls(inventory, "Reserve", lambda fields: not 1 <= fields["qty"] <= 10)
    report.fact("inventory's log: Reserve of qty outside 1..10", str(bulk), bulk == 0)
    charged = {call["fields"]["order"] for call in charges if call["method"] == "Charge"}
    unpaid = count_calls(inventory, "Ship", lambda fields: fields["order"] not in charged)
    report.fact("inventory's log: Ship of an order never charged", str(unpaid), unpaid == 0)
    summary = f"{count_calls(charges, 'Charge')} Charge, " + ", ".join(
        f"{count_calls(inventory, m)} {m}" for m in ("Reserve", "Ship"))
    report.fact("logs: all calls received", summary, True)
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
