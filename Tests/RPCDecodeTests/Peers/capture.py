"""Records a pcap of loopback traffic to one TCP port with tcpdump while a command runs.

usage: capture.py PORT OUT.pcap -- COMMAND ARGS...
tcpdump is started first and stopped (SIGTERM to its own PID) after the command ends and the last
packets are flushed.
"""
import os
import signal
import subprocess
import sys
import time

port, out = sys.argv[1], sys.argv[2]
assert sys.argv[3] == "--"
log_path = out + ".tcpdump.log"
with open(log_path, "wb") as log:
    dump = subprocess.Popen(["tcpdump", "-i", "lo", "--immediate-mode", "-U", "-w", out, f"tcp port {port}"],
                            stdout=subprocess.DEVNULL, stderr=log)
# tcpdump says "listening on lo" once it captures.
deadline = time.time() + 10
while b"listening" not in open(log_path, "rb").read():
    if time.time() > deadline or dump.poll() is not None:
        dump.kill()
        sys.exit(f"tcpdump did not start: {open(log_path, 'rb').read()!r}")
    time.sleep(0.05)
result = subprocess.run(sys.argv[4:], timeout=120)
time.sleep(0.5)
os.kill(dump.pid, signal.SIGTERM)
dump.wait(timeout=10)
os.remove(log_path)
sys.exit(result.returncode)
