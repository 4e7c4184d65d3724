"""Real Thrift traffic for the RPCDecode tests: the Python thrift library's client and server
talk through a recording loopback relay, one connection per protocol/transport combination
(binary or compact, framed or unframed). Writes OUT/connN.* and OUT/expected.json: per
connection, its configuration and every message each side sent (name, type, seqid, fields).

usage: thrift_peer.py THRIFT_FILE OUT_DIR
"""
import json
import os
import subprocess
import sys
import threading

thrift_file, out_dir = sys.argv[1], sys.argv[2]
gen = os.path.join(out_dir, "gen")
os.makedirs(gen, exist_ok=True)
subprocess.run(["thrift", "--gen", "py", "-out", gen, thrift_file], check=True, capture_output=True)
sys.path.insert(0, gen)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from inventory import Inventory  # noqa: E402
from inventory.ttypes import Item, Kind, NotFound, Part  # noqa: E402
from loopback_relay import LoopbackRelay  # noqa: E402
from thrift.protocol import TBinaryProtocol, TCompactProtocol  # noqa: E402
from thrift.server import TServer  # noqa: E402
from thrift.transport import TSocket, TTransport  # noqa: E402


def item(i):
    return Item(available=i % 2 == 0, flags=-3, shelf=-12, quantity=100000 + i, sku=-(1 << 40) - i, price=9.75,
                title=f"Wörterbuch {i}", blob=bytes([0, 255, 128, i]), kind=Kind.TOOL, tags=["a", "", "ü"],
                codes={3, -1, 7}, stock={"x": 1, "y": -(1 << 35)}, main=Part(name="main", count=1),
                parts=[Part(name="p1", count=2), Part(name="p2")], flags_by_bin={1: [True, False], -2: []})


def plain(value):
    """The value in the canonical JSON form the Swift test also builds."""
    if value is None:
        return None
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, bytes):
        try:
            return "s:" + value.decode("utf-8")
        except UnicodeDecodeError:
            return "x:" + value.hex()
    if isinstance(value, str):
        return "s:" + value
    if isinstance(value, (set, frozenset)):
        return sorted(plain(v) for v in value)
    if isinstance(value, list):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return [[plain(k), plain(v)] for k, v in value.items()]
    if hasattr(value, "thrift_spec"):
        return {spec[2]: plain(getattr(value, spec[2])) for spec in value.thrift_spec
                if spec is not None and getattr(value, spec[2]) is not None}
    raise TypeError(type(value))


class Handler:
    def get(self, key, version):
        if key == "missing":
            raise NotFound(key=key, code=404)
        return item(version)

    def put(self, it):
        return it.sku * 2

    def touch(self, key):
        pass

    def scan(self, prefix, limit):
        return [item(i) for i in range(limit)]


calls = [
    ("get", {"key": "k1", "version": 1}, 2, lambda h, a: {"success": plain(h.get(**a))}),
    ("get", {"key": "missing", "version": 0}, 2, lambda h, a: {"missing": plain(NotFound(key="missing", code=404))}),
    ("put", {"item": item(5)}, 2, lambda h, a: {"success": h.put(a["item"])}),
    ("touch", {"key": "t"}, 4, None),
    ("scan", {"prefix": "p", "limit": 2}, 2, lambda h, a: {"success": plain(h.scan(**a))}),
]

connections = []
for compact in (False, True):
    for framed in (False, True):
        protocol = TCompactProtocol.TCompactProtocolFactory() if compact else TBinaryProtocol.TBinaryProtocolFactory()
        transport = TTransport.TFramedTransportFactory() if framed else TTransport.TBufferedTransportFactory()
        server_socket = TSocket.TServerSocket(host="127.0.0.1", port=0)
        server = TServer.TSimpleServer(Inventory.Processor(Handler()), server_socket, transport, protocol)
        server_socket.listen()
        port = server_socket.handle.getsockname()[1]
        server_socket.listen = lambda: None
        threading.Thread(target=server.serve, daemon=True).start()
        relay = LoopbackRelay(port, out_dir)
        sock = TSocket.TSocket("127.0.0.1", relay.port)
        client_transport = TTransport.TFramedTransport(sock) if framed else TTransport.TBufferedTransport(sock)
        client = Inventory.Client(protocol.getProtocol(client_transport))
        client_transport.open()
        messages = []
        handler = Handler()
        # THRIFT_PEER_REPEAT=N (benchmarks): the calls N times on each connection.
        for name, args, reply_type, result in calls * int(os.environ.get("THRIFT_PEER_REPEAT", "1")):
            plain_args = {k: plain(v) for k, v in args.items()}
            messages.append({"direction": "c2s", "name": name, "type": 4 if reply_type == 4 else 1, "fields": plain_args})
            try:
                getattr(client, name)(**args)
            except NotFound:
                pass
            if result is not None:
                messages.append({"direction": "s2c", "name": name, "type": 2, "fields": result(handler, args)})
        client_transport.close()
        relay.close()
        connections.append({"compact": compact, "framed": framed, "messages": messages})
        # Later relays number their connections from 0 again: rename this one's files.
        index = len(connections) - 1
        for suffix in ("c2s", "s2c", "log"):
            os.replace(os.path.join(out_dir, f"conn0.{suffix}"), os.path.join(out_dir, f"thrift{index}.{suffix}"))

with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump(connections, f, indent=1)
