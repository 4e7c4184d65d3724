#!/usr/bin/env python3
"""The shop's payment service (gRPC shop.Payment of specs/shop.proto).

Charge accepts amounts from 1 to 100000 and declines the rest. Every call received is appended to --log.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import CallLog, protobuf_fields  # noqa: E402
from common.grpc_server import request_traceparent, serve_grpc  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402

CARD_LIMIT = 100000


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", type=address, default=address("10.0.1.11:50051"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    options = parser.parse_args()
    messages, services = load_grpc("shop.proto")
    log = CallLog(options.log)

    class Payment(services.PaymentServicer):
        def Charge(self, request, context):
            log.record("Charge", protobuf_fields(request), request_traceparent(context))
            return messages.ChargeReply(ok=0 < request.amount <= CARD_LIMIT)

    serve_grpc(options.listen, lambda server: services.add_PaymentServicer_to_server(Payment(), server))


if __name__ == "__main__":
    main()
