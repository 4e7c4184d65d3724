#!/usr/bin/env python3
"""Self-check of the samples without the switch: starts every sample on 127.0.0.1 (free ports),
runs its scenario against the correct and then the buggy build, and checks that

- with the correct services every step goes as a correct system's would;
- with the buggy ones every attack gets through (so each bug really sends its violating message);
- every service printed `ready` and exits 0 on SIGTERM;
- a frontend whose backend connection is reset (as the switch does when it blocks a message)
  answers 502 and its next call to that backend works: a proxy in front of the backend resets
  both ends of the connection instead of forwarding bytes that contain a trigger.

Exit status 0 when all hold. The real checks of ucheck are the end-to-end tests through the switch.
"""
import json
import socket
import struct
import subprocess
import threading
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
        # reset the connection carrying these bytes; those steps answer 502, the next one works
        "reset": ("kv", [b"mallory", b"defaced"], ["mallory posts", "edits alice's post"], "deletes alice's post"),
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
        "reset": ("stock", [b"w2"], ["w2:"], "w3:"),
    },
}


class ResettingProxy:
    """Forwards TCP to a backend; a client chunk containing a trigger is not forwarded, and both
    connections are closed with RST (SO_LINGER 0) instead."""

    def __init__(self, backend_address, triggers):
        host, port = backend_address.rsplit(":", 1)
        self._backend = (host, int(port))
        self._triggers = triggers
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.address = f"127.0.0.1:{self._listener.getsockname()[1]}"
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self):
        while True:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            backend = socket.create_connection(self._backend)
            threading.Thread(target=self._pump, args=(client, backend, True), daemon=True).start()
            threading.Thread(target=self._pump, args=(backend, client, False), daemon=True).start()

    def _pump(self, source, destination, inspect):
        try:
            while data := source.recv(65536):
                if inspect and any(trigger in data for trigger in self._triggers):
                    break
                destination.sendall(data)
        except OSError:
            pass
        for end in (source, destination):
            try:
                end.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                end.close()
            except OSError:
                pass

    def close(self):
        self._listener.close()


def run(sample, buggy, work, resets=False):
    spec = SAMPLES[sample]
    services = []
    failures = []
    proxy = None
    try:
        peers = []
        for name, script, takes_buggy in spec["backends"]:
            arguments = ["--listen", "127.0.0.1:0", "--log", str(work / f"{name}.log")]
            service = ServiceProcess(HERE / script, arguments + (["--buggy"] if buggy and takes_buggy else []))
            services.append(service)
            address = service.address
            if resets and spec["reset"][0] == name:
                proxy = ResettingProxy(address, spec["reset"][1])
                address = proxy.address
            peers += [spec["frontend"][1][name], address]
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
            if resets:
                failures += reset_failures(spec["reset"], record)
            elif not buggy and not record["as_expected"]:
                failures.append(f"correct build: {record['step']}: {record['status']} {record['failure']}")
            if buggy and not resets and record["should"] != "allowed" and record["as_expected"]:
                failures.append(f"buggy build did not send it: {record['step']}: {record['status']} {record['text']}")
        if not buggy and any(not r["as_expected"] for r in records if "check" in r):
            failures.append("correct build: a final check failed")
    finally:
        if proxy:
            proxy.close()
        for service in services:
            status = service.stop()
            if status != 0:
                failures.append(f"{service.name} exited {status} on SIGTERM: {service.process.stderr.read().strip()}")
    slowest = max(s.startup_seconds for s in services) if services else 0
    return failures, slowest


def reset_failures(reset, record):
    _, _, reset_steps, recovery_step = reset
    if any(prefix in record["step"] for prefix in reset_steps):
        if record["status"] != 502:
            return [f"reset: {record['step']}: expected 502, got {record['status']} {record['failure']}"]
    elif recovery_step in record["step"] and not 200 <= (record["status"] or 0) < 300:
        return [f"reset: the call after the resets failed: {record['step']}: {record['status']} {record['text']}"]
    return []


def main():
    ok = True
    runs = [(sample, buggy, False) for sample in SAMPLES for buggy in (False, True)]
    runs += [(sample, True, True) for sample, spec in SAMPLES.items() if "reset" in spec]
    for sample, buggy, resets in runs:
        with tempfile.TemporaryDirectory() as work:
            failures, slowest = run(sample, buggy, Path(work), resets)
        label = f"{sample}{' --buggy' if buggy else ''}{' (resets)' if resets else ''}"
        print(f"{label:<30} {'ok' if not failures else 'FAILED'}   (slowest start-up {slowest:.2f} s)")
        for failure in failures:
            print(f"    {failure}")
        ok = ok and not failures
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
