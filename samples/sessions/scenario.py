#!/usr/bin/env python3
"""Drives the login frontend: normal use (logins, who-am-I, carts, health), then the attacks of a
buggy frontend, then checks what the cache really executed, from redis-server's own MONITOR
output (`redis-cli monitor > FILE`, started before the scenario).

Prints one line per step: what it did, what a correct system does with it (allowed or blocked),
and what happened (HTTP status or connection reset). Exit status 0 when every step ran, whatever
the outcomes; 2 when the frontend cannot be reached at all.

MONITOR does not show administrative commands such as CONFIG; whether the cache was reconfigured
is for the caller to check (`INFO commandstats`).
"""
import shlex
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.lifecycle import format_address  # noqa: E402
from common.scenario import HttpClient, Report, nothing_listening, scenario_arguments  # noqa: E402


def read_monitor(path):
    """The commands in redis-cli MONITOR output, each as a list of arguments (command upper-cased).

    A line is `TIME [DB CLIENT] "CMD" "ARG" ...` with C-style escapes inside the quotes."""
    commands = []
    try:
        with open(path, encoding="utf-8", errors="replace") as file:
            for line in file:
                _, separator, rest = line.partition("] ")
                if not separator:
                    continue
                words = shlex.split(rest)
                if words:
                    commands.append([words[0].upper(), *words[1:]])
    except FileNotFoundError:
        pass
    return commands


def main():
    parser = scenario_arguments(__doc__, "--frontend", "10.0.3.11:8080")
    parser.add_argument("--monitor-log", required=True, help="the output of `redis-cli monitor` on the cache")
    options = parser.parse_args()
    frontend = HttpClient(options.frontend)
    report = Report(as_json=options.json)
    report.title(f"login frontend at {format_address(options.frontend)}")

    report.section("normal use")
    health = report.step("health check (PING)", "allowed", frontend.send("GET", "/health"))
    if nothing_listening(health, "frontend", options.frontend):
        return 2
    alice = report.step("alice logs in (SET session:…)", "allowed",
                        frontend.send("POST", "/login", form={"user": "alice", "password": "wonderland"})).text.strip()
    bob = report.step("bob logs in (SET session:…)", "allowed",
                      frontend.send("POST", "/login", form={"user": "bob", "password": "builder"})).text.strip()
    report.step("mallory guesses a password (refused, no command)", "allowed",
                frontend.send("POST", "/login", form={"user": "mallory", "password": "guess"}), expected_statuses=(403,))
    report.step("alice asks who she is (GET session:…)", "allowed", frontend.send("GET", "/whoami", query={"session": alice}))
    report.step("alice adds a book to cart:alice (SADD)", "allowed",
                frontend.send("POST", "/cart/add", form={"cart": "cart:alice", "item": "book"}))
    report.step("alice clears cart:alice (DEL cart:alice)", "allowed",
                frontend.send("POST", "/cart/clear", form={"cart": "cart:alice"}))

    report.section("attacks (a buggy frontend)")
    report.step("bob's session logged out (DEL session:…)", "blocked",
                frontend.send("GET", "/whoami", query={"session": bob, "logout": "1"}))
    report.step("clear cart:* (FLUSHALL)", "blocked", frontend.send("POST", "/cart/clear", form={"cart": "cart:*"}))
    report.step("health check turning snapshots off (CONFIG SET)", "blocked",
                frontend.send("GET", "/health", query={"save": "off"}))
    whoami = frontend.send("GET", "/whoami", query={"session": bob})
    report.step("bob's session still works (GET session:…)", "allowed", whoami,
                as_expected=whoami.status == 200 and whoami.text.strip() == "bob")

    report.section("afterwards: what redis-server executed (MONITOR)", checks=True)
    commands = read_monitor(options.monitor_log)
    deleted = [c for c in commands if c[0] == "DEL" and any(key.startswith("session:") for key in c[1:])]
    report.fact("DEL of a session key executed", str(len(deleted)), not deleted)
    flushes = [c for c in commands if c[0] in ("FLUSHALL", "FLUSHDB")]
    report.fact("FLUSHALL or FLUSHDB executed", str(len(flushes)), not flushes)
    sets = [c for c in commands if c[0] == "SET" and len(c) > 1 and c[1] in (alice, bob)]
    report.fact("both logins reached the cache (SET)", str(len(sets)), len(sets) == 2)
    summary = ", ".join(f"{sum(1 for c in commands if c[0] == name)} {name}" for name in ("PING", "SET", "GET", "SADD", "DEL"))
    report.fact("all commands executed", summary, True)
    report.finish()
    return 0


if __name__ == "__main__":
    sys.exit(main())
