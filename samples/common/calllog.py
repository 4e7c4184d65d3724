"""The JSON-lines log in which every backend records each call it actually received.

One line per call: {"method": "Insert", "fields": {...}, "traceparent": "..."}, flushed at once,
so a test can assert that a message the switch blocked never reached the server.
"""
import json
import threading


class CallLog:
    def __init__(self, path):
        self._file = open(path, "a", encoding="utf-8")
        self._lock = threading.Lock()

    def record(self, method, fields, traceparent):
        line = json.dumps({"method": method, "fields": fields, "traceparent": traceparent})
        with self._lock:
            self._file.write(line + "\n")
            self._file.flush()


def read_call_log(path):
    """The calls recorded in the log at path (an empty list if the file does not exist)."""
    try:
        with open(path, encoding="utf-8") as file:
            return [json.loads(line) for line in file if line.strip()]
    except FileNotFoundError:
        return []


def protobuf_fields(message):
    """All fields of a protobuf message (defaults included) as a JSON-ready dict."""
    return {field.name: getattr(message, field.name) for field in message.DESCRIPTOR.fields}
