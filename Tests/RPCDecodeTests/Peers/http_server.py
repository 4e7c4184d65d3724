"""A real HTTP/1.1 server for the RPCDecode tests (Python's http.server, keep-alive on).

GET /chunked answers with a chunked body and a trailer; GET /empty with 204; HEAD with headers
only; POST echoes what it read as JSON. Every response names the request it answers in X-Echo.

usage: http_server.py PORT
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def _body(self):
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            data = b""
            while True:
                size = int(self.rfile.readline().split(b";")[0], 16)
                if size == 0:
                    while self.rfile.readline() not in (b"\r\n", b""):
                        pass
                    return data
                data += self.rfile.read(size)
                self.rfile.readline()
        return self.rfile.read(int(self.headers.get("Content-Length", 0)))

    def _send(self, status, body, content_type="application/json"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("X-Echo", f"{self.command} {self.path}")
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        if self.path == "/chunked":
            self.send_response(200)
            self.send_header("Content-Type", "text/plain")
            self.send_header("Transfer-Encoding", "chunked")
            self.send_header("Trailer", "X-Checksum")
            self.send_header("X-Echo", "GET /chunked")
            self.end_headers()
            for part in (b"first,", b"second,", b"third"):
                self.wfile.write(b"%x\r\n%s\r\n" % (len(part), part))
            self.wfile.write(b"0\r\nX-Checksum: 42\r\n\r\n")
        elif self.path == "/empty":
            self.send_response(204)
            self.send_header("X-Echo", "GET /empty")
            self.end_headers()
        else:
            self._send(200, json.dumps({"path": self.path}).encode())

    def do_HEAD(self):
        self._send(200, json.dumps({"path": self.path}).encode())

    def do_POST(self):
        body = self._body()
        self._send(201, json.dumps({"path": self.path, "length": len(body),
                                    "type": self.headers.get("Content-Type", "")}).encode())


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Handler).serve_forever()
