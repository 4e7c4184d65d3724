#!/usr/bin/env python3
"""A load client for the web forum's kv store (benchmarks): N sequential kv.Get calls on one
channel, with a traceparent each, as the frontend makes them.

Usage: kv_load.py HOST:PORT N
"""
import sys
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.schemas import load_grpc  # noqa: E402
from common.trace import new_traceparent  # noqa: E402


def main():
    address, count = sys.argv[1], int(sys.argv[2])
    messages, services = load_grpc("kv.proto")
    with grpc.insecure_channel(address) as channel:
        kv = services.KVStub(channel)
        for i in range(count):
            kv.Get(messages.GetRequest(key=f"post/{i % 10}"), metadata=[("traceparent", new_traceparent())])


if __name__ == "__main__":
    main()
