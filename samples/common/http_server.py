"""Runs an HTTP/1.1 frontend (keep-alive, one thread per connection) over a table of routes.

Requests are read the way ucheck's routes name their fields: `form.X` from an
application/x-www-form-urlencoded body, `path.X` from the route's {X} segment (percent-decoded),
a bare `X` from a JSON body's top level or, when the body is not JSON, the query string.
A failed backend call answers 502 with a one-line reason and the frontend keeps serving.
"""
import json
import re
import sys
import threading
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote, urlsplit

from .grpc_peer import PeerCallFailed
from .lifecycle import announce_ready, wait_for_termination
from .trace import incoming_traceparent

MAX_BODY_BYTES = 1 << 20  # the samples' requests are tiny; refuse anything larger than 1 MiB


class BadRequest(Exception):
    """Malformed client input; answered with 400 and the message."""


class HttpRequest:
    def __init__(self, method, target, headers, body, path_params):
        url = urlsplit(target)
        self.method = method
        self.path = url.path
        self.path_params = path_params
        self.query = {k: v[0] for k, v in parse_qs(url.query, keep_blank_values=True).items()}
        content_type = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        self.form = {}
        self.json = None
        if content_type == "application/x-www-form-urlencoded":
            self.form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True).items()}
        elif content_type == "application/json" and body:
            try:
                self.json = json.loads(body)
            except ValueError as error:
                raise BadRequest(f"body is not JSON: {error}") from None
            if not isinstance(self.json, dict):
                raise BadRequest("JSON body must be an object")
        self.traceparent = incoming_traceparent(headers.get("traceparent"))

    def field(self, name, default=None):
        """A bare route field: top-level JSON field, or the query parameter when the body is not JSON."""
        source = self.json if self.json is not None else self.query
        return source.get(name, default)

    def required_field(self, name):
        value = self.field(name)
        if value is None:
            raise BadRequest(f"missing field {name}")
        return value

    def int_field(self, name):
        value = self.required_field(name)
        try:
            return int(value)
        except (TypeError, ValueError):
            raise BadRequest(f"field {name} must be an integer, got {value!r}") from None

    def required(self, source, name):
        value = source.get(name)
        if value is None:
            raise BadRequest(f"missing field {name}")
        return value


class Route:
    """METHOD and a path pattern such as "/msg/{id}"; handler(request) returns (status, text)."""

    def __init__(self, method, pattern, handler):
        self.method = method
        regex = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", pattern)
        self._regex = re.compile(f"^{regex}$")
        self.handler = handler

    def match(self, method, path):
        if method != self.method:
            return None
        found = self._regex.match(path)
        return None if found is None else {k: unquote(v) for k, v in found.groupdict().items()}


def _handler_class(routes):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format, *args):
            pass

        def _answer(self, status, text):
            body = (text.rstrip("\n") + "\n").encode()
            self.send_response(status)
            self.send_header("Content-Type", "text/plain; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _dispatch(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length > MAX_BODY_BYTES:
                self.close_connection = True
                return self._answer(413, f"body over {MAX_BODY_BYTES} bytes")
            body = self.rfile.read(length) if length else b""
            path = urlsplit(self.path).path
            for route in routes:
                params = route.match(self.command, path)
                if params is not None:
                    break
            else:
                return self._answer(404, f"no route {self.command} {path}")
            try:
                status, text = route.handler(HttpRequest(self.command, self.path, self.headers, body, params))
            except BadRequest as error:
                status, text = 400, str(error)
            except PeerCallFailed as error:
                status, text = 502, str(error)
            except Exception as error:  # keep serving; say what went wrong
                traceback.print_exc(file=sys.stderr)
                status, text = 500, f"internal error: {error}"
            self._answer(status, text)

        do_GET = do_POST = do_PUT = do_DELETE = _dispatch

    return Handler


def serve_http(listen, routes):
    host, port = listen
    try:
        server = ThreadingHTTPServer((host, port), _handler_class(routes))
    except OSError as error:
        raise SystemExit(f"cannot listen on {host}:{port}: {error}")
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    announce_ready(host, server.server_address[1])
    wait_for_termination()
    server.shutdown()
    server.server_close()
