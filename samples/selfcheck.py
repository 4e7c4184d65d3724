#!/usr/bin/env python3
"""Self-check of the samples without the switch: starts every sample on 127.0.0.1 (free ports),
runs its scenario against the correct and then the buggy build, and checks that

- with the correct services every step goes as a correct system's would;
- with the buggy ones every attack gets through (so each bug really sends its violating message);
- every service printed `ready` and exits 0 on SIGTERM.

Exit status 0 when all hold. The real checks of ucheck are the end-to-end tests through the switch.
"""
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common.launcher import ServiceProcess  # noqa: E402

HERE = Path(__file__).resolve().parent

# Per sample: backends (name, script, buggy flag applies), the frontend (script, its peer option
# per backend), and the scenario (script, its frontend option, its log option per backend).
SAMPLES = {
    "webforum": {
        "backends": [("auth", "webforum/auth.py", False), ("kv", "webforum/kv.py", False)],
        "frontend": ("webforum/frontend.py", {"auth": "--auth", "kv": "--kv"}),
        "scenario": ("webforum/scenario.py", "--frontend", {"kv": "--kv-log"}),
    },
    "files": {
        "backends": [("kv", "webforum/kv.py", False)],
        "frontend": ("files/gateway.py", {"kv": "--kv"}),
        "scenario": ("files/scenario.py", "--gateway", {"kv": "--kv-log"}),
    },
    "shop": {
        "backends": [("payment", "shop/payment.py", False), ("inventory", "shop/inventory.py", True)],
        "frontend": ("shop/storefront.py", {"payment": "--payment", "inventory": "--inventory"}),
        "scenario": ("shop/scenario.py", "--storefront", {"payment": "--payment-log", "inventory": "--inventory-log"}),
    },
    "bank": {
        "backends": [("accounts", "bank/accounts.py", False), ("ledger", "bank/ledger.py", False)],
        "frontend": ("bank/gateway.py", {"accounts": "--accounts", "ledger": "--ledger"}),
        "scenario": ("bank/scenario.py", "--gateway", {"accounts": "--accounts-log", "ledger": "--ledger-log"}),
    },
    "warehouse": {
        "backends": [("stock", "warehouse/stock.py", False)],
        "frontend": ("warehouse/shop.py", {"stock": "--stock"}),
        "scenario": ("warehouse/scenario.py", "--shop", {"stock": "--stock-log"}),
    },
}


def run(sample, buggy, work):
    spec = SAMPLES[sample]
    services = []
    failures = []
    try:
        peers = []
        for name, script, takes_buggy in spec["backends"]:
            arguments = ["--listen", "127.0.0.1:0", "--log", str(work / f"{name}.log")]
            service = ServiceProcess(HERE / script, arguments + (["--buggy"] if buggy and takes_buggy else []))
            services.append(service)
            peers += [spec["frontend"][1][name], service.address]
        script, _ = spec["frontend"]
        frontend = ServiceProcess(HERE / script, ["--listen", "127.0.0.1:0", *peers] + (["--buggy"] if buggy else []))
        services.append(frontend)
        scenario, frontend_option, log_options = spec["scenario"]
        logs = [item for name, option in log_options.items() for item in (option, str(work / f"{name}.log"))]
        result = subprocess.run([sys.executable, str(HERE / scenario), frontend_option, frontend.address, *logs,
                                 "--json"], capture_output=True, text=True, timeout=60)
        if result.returncode != 0:
            failures.append(f"scenario exited {result.returncode}: {result.stderr.strip()}")
        records = [json.loads(line) for line in result.stdout.splitlines()]
        for record in records:
            if "step" not in record:
                continue
            if not buggy and not record["as_expected"]:
                failures.append(f"correct build: {record['step']}: {record['status']} {record['failure']}")
            if buggy and record["should"] != "allowed" and record["as_expected"]:
                failures.append(f"buggy build did not send it: {record['step']}: {record['status']} {record['text']}")
        if not buggy and any(not r["as_expected"] for r in records if "check" in r):
            failures.append("correct build: a final check failed")
    finally:
        for service in services:
            status = service.stop()
            if status != 0:
                failures.append(f"{service.name} exited {status} on SIGTERM: {service.process.stderr.read().strip()}")
    slowest = max(s.startup_seconds for s in services) if services else 0
    return failures, slowest


def main():
    ok = True
    for sample in SAMPLES:
        for buggy in (False, True):
            with tempfile.TemporaryDirectory() as work:
                failures, slowest = run(sample, buggy, Path(work))
            label = f"{sample}{' --buggy' if buggy else ''}"
            print(f"{label:<22} {'ok' if not failures else 'FAILED'}   (slowest start-up {slowest:.2f} s)")
            for failure in failures:
                print(f"    {failure}")
            ok = ok and not failures
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
