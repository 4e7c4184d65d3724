"""Sends pipelined HTTP/1.1 requests (all written before any response is read) on one
connection and reads until the server has answered them all, then closes.

usage: http_pipeline.py PORT
"""
import socket
import sys

port = int(sys.argv[1])
requests = (
    b"GET /a HTTP/1.1\r\nHost: pipe\r\n\r\n"
    b"POST /b HTTP/1.1\r\nHost: pipe\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 11\r\n\r\nk=v&x=y%21+"
    b"HEAD /c HTTP/1.1\r\nHost: pipe\r\n\r\n"
    b"GET /chunked HTTP/1.1\r\nHost: pipe\r\n\r\n"
    b"GET /d HTTP/1.1\r\nHost: pipe\r\nConnection: close\r\n\r\n"
)
with socket.create_connection(("127.0.0.1", port)) as s:
    s.sendall(requests)
    received = b""
    while True:
        data = s.recv(65536)
        if not data:
            break
        received += data
sys.stdout.write(str(received.count(b"HTTP/1.1 ")))
