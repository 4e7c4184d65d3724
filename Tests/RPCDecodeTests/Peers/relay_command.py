"""Runs a client command through a recording loopback relay to a server already listening on
loopback, and waits until every relayed connection has closed.

usage: relay_command.py TARGET_PORT OUT_DIR [--stdin FILE] -- COMMAND ARGS...
Every "{port}" in COMMAND ARGS becomes the relay's port. Writes OUT_DIR/connN.{c2s,s2c,log}
(see loopback_relay.py) and OUT_DIR/stdout (the command's output).
"""
import os
import subprocess
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopback_relay import LoopbackRelay  # noqa: E402

target, out_dir = int(sys.argv[1]), sys.argv[2]
rest = sys.argv[3:]
stdin_path = None
if rest[0] == "--stdin":
    stdin_path, rest = rest[1], rest[2:]
assert rest[0] == "--"
relay = LoopbackRelay(target, out_dir)
command = [arg.replace("{port}", str(relay.port)) for arg in rest[1:]]
with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
    result = subprocess.run(command, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, timeout=60)
relay.close()
with open(os.path.join(out_dir, "stdout"), "wb") as f:
    f.write(result.stdout)
sys.exit(result.returncode)
