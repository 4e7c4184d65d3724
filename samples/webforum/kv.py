#!/usr/bin/env python3
"""A key-value store (gRPC kv.KV of specs/kv.proto), used by the web forum and the file gateway.

Insert adds a key that is not there yet; Get, Modify and Delete act on the in-memory dict.
Every call received is appended to --log.
"""
import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import CallLog, protobuf_fields  # noqa: E402
from common.grpc_server import request_traceparent, serve_grpc  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", type=address, default=address("10.0.0.12:50052"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    options = parser.parse_args()
    messages, services = load_grpc("kv.proto")
    log = CallLog(options.log)
    store = {}
    lock = threading.Lock()

    class KV(services.KVServicer):
        def Insert(self, request, context):
            log.record("Insert", protobuf_fields(request), request_traceparent(context))
            with lock:
                if request.key in store:
                    return messages.InsertReply(ok=False)
                store[request.key] = request.value
            return messages.InsertReply(ok=True)

        def Get(self, request, context):
            log.record("Get", protobuf_fields(request), request_traceparent(context))
            with lock:
                value = store.get(request.key)
            return messages.GetReply(found=value is not None, value=value or "")

        def Modify(self, request, context):
            log.record("Modify", protobuf_fields(request), request_traceparent(context))
            with lock:
                if request.key not in store:
                    return messages.ModifyReply(ok=False)
                store[request.key] = request.value
            return messages.ModifyReply(ok=True)

        def Delete(self, request, context):
            log.record("Delete", protobuf_fields(request), request_traceparent(context))
            with lock:
                found = store.pop(request.key, None) is not None
            return messages.DeleteReply(ok=found)

    serve_grpc(options.listen, lambda server: services.add_KVServicer_to_server(KV(), server))


if __name__ == "__main__":
    main()
