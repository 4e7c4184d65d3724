#!/usr/bin/env python3
"""A client of the vswitch control API (docs/control-api.md) for bench/debugger.sh, written from the
documented protocol alone (no ucheck code), so the benchmark also shows another tool scripting it.

  control_client.py ADDR TOKEN_FILE arm PATTERN_JSON...
      attaches, sets each pattern as a breakpoint (hold), prints "armed", stays attached (pinging)
      until killed.
  control_client.py ADDR TOKEN_FILE latency N hold|notify PATTERN_JSON
      attaches, sets the pattern as a breakpoint (hold: continued as soon as its stop arrives) or a
      watchpoint (notify), prints "armed", then for N hits prints one line per hit: the µs from
      the switch's time stamp on the event to its arrival here.
"""
import datetime
import json
import socket
import sys
import threading
import time


class Session:
    def __init__(self, address, token):
        host, port = address.rsplit(":", 1)
        self.socket = socket.create_connection((host, int(port)))
        self.reader = self.socket.makefile("rb")
        self.lock = threading.Lock()
        self.next_id = 1
        reply = self.request("hello", version=1, token=token, client="bench/debugger/control_client.py")
        if not reply["ok"]:
            sys.exit(f"control_client: {reply['error']}")
        threading.Thread(target=self._ping, daemon=True).start()

    def send(self, op, **members):
        with self.lock:
            request_id = self.next_id
            self.next_id += 1
            self.socket.sendall((json.dumps({"id": request_id, "op": op, **members}) + "\n").encode())
        return request_id

    def request(self, op, **members):
        request_id = self.send(op, **members)
        while True:
            line = self.next_line()
            if line.get("id") == request_id:
                return line

    def next_line(self):
        line = self.reader.readline()
        if not line:
            sys.exit("control_client: the switch closed the session")
        value = json.loads(line)
        if value.get("id") == 0 and not value.get("ok"):
            sys.exit(f"control_client: the switch could not read a request: {value.get('error')}")
        return value

    def _ping(self):
        while True:
            time.sleep(2)
            self.send("ping")

    def set_breakpoint(self, number, pattern, action):
        reply = self.request("break", breakpoint={"number": number, "text": json.dumps(pattern), "action": action,
                                                  "temporary": False, "app": pattern.pop("app"), "pattern": pattern})
        if not reply["ok"]:
            sys.exit(f"control_client: break refused: {reply['error']}")


def seconds(rfc3339):
    return datetime.datetime.strptime(rfc3339, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=datetime.timezone.utc).timestamp()


def main():
    address, token_file, mode = sys.argv[1:4]
    session = Session(address, open(token_file).read().strip())
    if mode == "arm":
        for number, pattern in enumerate(sys.argv[4:], start=1):
            session.set_breakpoint(number, json.loads(pattern), "hold")
        print("armed", flush=True)
        while True:
            session.next_line()
    hits, action = int(sys.argv[4]), sys.argv[5]
    session.set_breakpoint(1, json.loads(sys.argv[6]), action)
    print("armed", flush=True)
    seen = 0
    while seen < hits:
        line = session.next_line()
        if line.get("event") not in ("stop", "watch"):
            continue
        arrived = time.time()
        message = line["message"]
        if action == "hold":
            session.send("continue", stop=message["stop"])
        print(f"{(arrived - seconds(message['time'])) * 1e6:.0f}", flush=True)
        seen += 1


if __name__ == "__main__":
    main()
