#!/usr/bin/env python3
"""The shop's inventory service (gRPC shop.Inventory of specs/shop.proto).

Reserve records the order; Ship confirms an order it reserved, and answers any other order with
the gRPC status FAILED_PRECONDITION (no reply message). --buggy confirms shipping of orders it
never reserved. Every call received is appended to --log.
"""
import argparse
import sys
import threading
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import CallLog, protobuf_fields  # noqa: E402
from common.grpc_server import request_traceparent, serve_grpc  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", type=address, default=address("10.0.1.12:50052"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    parser.add_argument("--buggy", action="store_true", help="confirm shipping of orders never reserved")
    options = parser.parse_args()
    messages, services = load_grpc("shop.proto")
    log = CallLog(options.log)
    reserved = set()
    lock = threading.Lock()

    class Inventory(services.InventoryServicer):
        def Reserve(self, request, context):
            log.record("Reserve", protobuf_fields(request), request_traceparent(context))
            with lock:
                reserved.add(request.order)
            return messages.ReserveReply(ok=True)

        def Ship(self, request, context):
            log.record("Ship", protobuf_fields(request), request_traceparent(context))
            with lock:
                was_reserved = request.order in reserved
                reserved.discard(request.order)
            if not was_reserved and not options.buggy:
                context.abort(grpc.StatusCode.FAILED_PRECONDITION, f"order {request.order} was never reserved")
            return messages.ShipReply(ok=True)

    serve_grpc(options.listen, lambda server: services.add_InventoryServicer_to_server(Inventory(), server))


if __name__ == "__main__":
    main()
