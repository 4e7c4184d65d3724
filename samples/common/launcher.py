"""Starts sample services as child processes and waits for their `ready HOST:PORT` line."""
import select
import signal
import subprocess
import sys
import time

READY_TIMEOUT_SECONDS = 10


class ServiceProcess:
    def __init__(self, script, arguments):
        self.name = script
        self.process = subprocess.Popen([sys.executable, str(script), *arguments],
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        started = time.monotonic()
        ready, _, _ = select.select([self.process.stdout], [], [], READY_TIMEOUT_SECONDS)
        line = self.process.stdout.readline() if ready else ""
        self.startup_seconds = time.monotonic() - started
        if not line.startswith("ready "):
            self.process.kill()
            raise RuntimeError(f"{script} did not print `ready`: {line!r} {self.process.stderr.read()}")
        self.address = line.split()[1]

    def stop(self):
        """SIGTERM, then the exit status (killed after 5 s)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()
