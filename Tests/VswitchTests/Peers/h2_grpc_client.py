#!/usr/bin/env python3
"""A gRPC client written at the HTTP/2 frame level, so a test decides how the bytes are cut into
TCP segments: kv.KV calls (specs/kv.proto) on one connection, with explicit sends.

Usage: h2_grpc_client.py HOST:PORT MODE
  split       one kv.Modify whose gRPC message is sent in three sends, 0.3 s apart (three segments);
              the middle send's TCP payload is exactly 777 bytes (a test can pick it out)
  interleave  kv.Modify on stream 1 and kv.Get on stream 3, their frames interleaved: Modify's
              HEADERS and a DATA frame with the first 8 bytes of its gRPC message, then the whole
              Get, then (0.5 s later) a DATA frame with the rest of Modify's message
Prints one line per event: "response STREAM grpc-status=N", "reset" (ECONNRESET), "closed", "timeout".
"""
import socket
import struct
import sys
import threading
import time

import hpack

TRACE = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"


def frame(kind, flags, stream, payload=b""):
    return struct.pack(">I", len(payload))[1:] + bytes([kind, flags]) + struct.pack(">I", stream) + payload


def field(number, text):
    data = text.encode()
    return bytes([number << 3 | 2, len(data)]) + data if len(data) < 128 else \
        bytes([number << 3 | 2, len(data) & 0x7F | 0x80, len(data) >> 7]) + data


def grpc_message(body):
    return b"\x00" + struct.pack(">I", len(body)) + body


class Connection:
    def __init__(self, address):
        host, port = address.rsplit(":", 1)
        self.sock = socket.create_connection((host, int(port)), timeout=5)
        self.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self.encoder = hpack.Encoder()
        self.events = []
        self.done = threading.Event()
        self.lock = threading.Lock()
        # The preface goes first, before the reader can acknowledge the server's SETTINGS (grpc-core
        # sends them on accept): an ACK ahead of the preface is a malformed connection.
        self.sock.sendall(b"PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n" + frame(4, 0, 0))
        threading.Thread(target=self.read, daemon=True).start()

    def headers(self, stream, method):
        block = self.encoder.encode([(":method", "POST"), (":scheme", "http"), (":path", f"/kv.KV/{method}"),
                                     (":authority", "kv"), ("content-type", "application/grpc"), ("te", "trailers"),
                                     ("traceparent", TRACE)])
        return frame(1, 0x4, stream, block)

    def send(self, data):
        with self.lock:
            self.sock.sendall(data)

    def read(self):
        decoder = hpack.Decoder()
        buffer = b""
        try:
            while True:
                chunk = self.sock.recv(65536)
                if not chunk:
                    self.events.append("closed")
                    break
                buffer += chunk
                while len(buffer) >= 9:
                    length = int.from_bytes(buffer[:3], "big")
                    if len(buffer) < 9 + length:
                        break
                    kind, flags = buffer[3], buffer[4]
                    stream = int.from_bytes(buffer[5:9], "big") & 0x7FFFFFFF
                    payload, buffer = buffer[9:9 + length], buffer[9 + length:]
                    if kind == 4 and not flags & 1:
                        self.send(frame(4, 1, 0))
                    elif kind == 6 and not flags & 1:
                        self.send(frame(6, 1, 0, payload))
                    elif kind == 1:
                        headers = dict(decoder.decode(payload))
                        if "grpc-status" in headers:
                            self.events.append(f"response {stream} grpc-status={headers['grpc-status']}")
        except ConnectionResetError:
            self.events.append("reset")
        except socket.timeout:
            self.events.append("timeout")
        self.done.set()


def main():
    address, mode = sys.argv[1], sys.argv[2]
    c = Connection(address)
    time.sleep(0.2)
    try:
        send_calls(c, mode)
    except (ConnectionResetError, BrokenPipeError):
        c.events.append("reset")
    c.done.wait(5)
    for event in dict.fromkeys(c.events):
        print(event)


def send_calls(c, mode):
    """In split mode the lock is held while a frame is cut across sends, so the reader's ACKs never land inside it."""
    if mode == "split":
        message = grpc_message(field(1, "post/1") + field(2, "x" * 2000))
        data = frame(0, 0x1, 1, message)
        with c.lock:
            c.sock.sendall(c.headers(1, "Modify") + data[:100])
            time.sleep(0.3)
            c.sock.sendall(data[100:877])
            time.sleep(0.3)
            c.sock.sendall(data[877:])
    elif mode == "interleave":
        modify = grpc_message(field(1, "post/1") + field(2, "defaced"))
        c.send(c.headers(1, "Modify") + frame(0, 0, 1, modify[:8]))
        time.sleep(0.2)
        c.send(c.headers(3, "Get") + frame(0, 0x1, 3, grpc_message(field(1, "post/1"))))
        time.sleep(0.5)
        c.send(frame(0, 0x1, 1, modify[8:]))

if __name__ == "__main__":
    main()
