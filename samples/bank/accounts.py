#!/usr/bin/env python3
"""The bank's accounts service (gRPC bank.Accounts of specs/bank.proto).

Balances start at alice 1000, bob 500, carol 0. Debit succeeds when the balance covers the
amount; Credit always succeeds. Every call received is appended to --log.
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

OPENING_BALANCES = {"alice": 1000, "bob": 500, "carol": 0}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", type=address, default=address("10.0.2.11:50051"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    options = parser.parse_args()
    messages, services = load_grpc("bank.proto")
    log = CallLog(options.log)
    balances = dict(OPENING_BALANCES)
    lock = threading.Lock()

    class Accounts(services.AccountsServicer):
        def Debit(self, request, context):
            log.record("Debit", protobuf_fields(request), request_traceparent(context))
            with lock:
                covered = balances.get(request.account, 0) >= request.amount
                if covered:
                    balances[request.account] -= request.amount
            return messages.DebitReply(ok=covered)

        def Credit(self, request, context):
            log.record("Credit", protobuf_fields(request), request_traceparent(context))
            with lock:
                balances[request.account] = balances.get(request.account, 0) + request.amount
            return messages.CreditReply(ok=True)

    serve_grpc(options.listen, lambda server: services.add_AccountsServicer_to_server(Accounts(), server))


if __name__ == "__main__":
    main()
