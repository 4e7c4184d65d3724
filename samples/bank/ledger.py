#!/usr/bin/env python3
"""The bank's audit ledger (gRPC bank.Ledger of specs/bank.proto).

Record accepts each transfer id once and refuses duplicates. Every call received is appended to --log.
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
    parser.add_argument("--listen", type=address, default=address("10.0.2.12:50052"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    options = parser.parse_args()
    messages, services = load_grpc("bank.proto")
    log = CallLog(options.log)
    entries = set()
    lock = threading.Lock()

    class Ledger(services.LedgerServicer):
        def Record(self, request, context):
            log.record("Record", protobuf_fields(request), request_traceparent(context))
            with lock:
                new = request.transfer not in entries
                entries.add(request.transfer)
            return messages.RecordReply(ok=new)

    serve_grpc(options.listen, lambda server: services.add_LedgerServicer_to_server(Ledger(), server))


if __name__ == "__main__":
    main()
