"""Command-line and process conventions every sample service follows.

Each service takes --listen HOST:PORT (port 0 picks a free port), prints one line
`ready HOST:PORT` on stdout once it accepts connections, and stops cleanly on SIGTERM or SIGINT.
"""
import argparse
import signal
import threading


def address(text):
    """argparse type for HOST:PORT."""
    host, separator, port = text.rpartition(":")
    if not separator or not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"expected HOST:PORT, got {text!r}")
    return host, int(port)


def format_address(host_port):
    return f"{host_port[0]}:{host_port[1]}"


def announce_ready(host, port):
    print(f"ready {host}:{port}", flush=True)


def wait_for_termination():
    """Blocks until SIGTERM or SIGINT."""
    stop = threading.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        signal.signal(signum, lambda *_: stop.set())
    while not stop.wait(3600):
        pass
