"""HPACK vectors from an independent encoder (Python `hpack`) for the RPCDecode HPACK tests.

Writes JSON to stdout: a list of connections, each a list of {"block": hex, "headers": [[name
hex, value hex], ...]}. Header lists mix static-table names, repeated fields (dynamic table hits),
binary values (every byte 0-255), long values that force evictions, never-indexed fields, Huffman
on and off, and dynamic table size changes.

usage: hpack_vectors.py SEED CONNECTIONS
"""
import json
import random
import sys

from hpack import Decoder, Encoder, HeaderTuple, NeverIndexedHeaderTuple

seed, count = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(seed)
names = [b":method", b":path", b":authority", b"content-type", b"grpc-timeout", b"te", b"user-agent",
         b"x-request-id", b"traceparent", b"x-trace-bin", b"cookie", b"authorization"]


def value():
    kind = rng.randrange(4)
    if kind == 0:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(0, 40)))
    if kind == 1:
        return bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz0123456789-_/.") for _ in range(rng.randrange(0, 300)))
    if kind == 2:
        return rng.choice([b"GET", b"POST", b"/", b"application/grpc", b"trailers", b"gzip, deflate"])
    return b"v" * rng.randrange(1000, 5000)


connections = []
for _ in range(count):
    encoder = Encoder()
    reference = Decoder()
    reference.max_allowed_table_size = 65536
    blocks = []
    recent = []
    for _ in range(rng.randrange(1, 12)):
        if rng.random() < 0.15:
            size = rng.choice([0, 256, 4096, 8192])
            encoder.header_table_size = size
            reference.max_allowed_table_size = max(size, 4096)
        headers = []
        for _ in range(rng.randrange(0, 10)):
            if recent and rng.random() < 0.4:
                name, v = rng.choice(recent)
            else:
                name = rng.choice(names) if rng.random() < 0.7 else bytes(rng.choice(b"abcdefghijklmnopqrstuvwxyz-") for _ in range(rng.randrange(1, 20)))
                v = value()
                recent.append((name, v))
            headers.append(NeverIndexedHeaderTuple(name, v) if rng.random() < 0.1 else HeaderTuple(name, v))
        block = encoder.encode(headers, huffman=rng.random() < 0.5)
        decoded = reference.decode(block, raw=True)
        assert [(bytes(n), bytes(v)) for n, v in decoded] == [(bytes(n), bytes(v)) for n, v in headers]
        blocks.append({"block": block.hex(), "headers": [[bytes(n).hex(), bytes(v).hex()] for n, v in headers]})
    connections.append(blocks)
json.dump(connections, sys.stdout)
