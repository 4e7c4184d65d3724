#!/usr/bin/env python3
"""The warehouse's stock service (Thrift warehouse.Stock of specs/warehouse.thrift; binary
protocol, framed transport).

Stock starts at widget 500, gadget 50. reserve takes items (OutOfStock when there are too few),
release gives an order's items back, count tells what is left. Every call received is appended
to --log (Thrift carries no trace context: "traceparent" is null).
"""
import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import CallLog  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.schemas import load_thrift  # noqa: E402
from common.thrift_server import serve_thrift  # noqa: E402

OPENING_STOCK = {"widget": 500, "gadget": 50}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", type=address, default=address("10.0.0.31:9090"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    options = parser.parse_args()
    types, stock_service = load_thrift("warehouse.thrift", "Stock")
    log = CallLog(options.log)
    available = dict(OPENING_STOCK)
    reservations = {}
    lock = threading.Lock()

    class Stock(stock_service.Iface):
        def reserve(self, reservation):
            log.record("reserve", {"reservation": {"order": reservation.order, "sku": reservation.sku,
                                                   "quantity": reservation.quantity}}, None)
            with lock:
                left = available.get(reservation.sku, 0)
                if reservation.quantity > left:
                    raise types.OutOfStock(sku=reservation.sku, available=left)
                available[reservation.sku] = left - reservation.quantity
                reservations[reservation.order] = (reservation.sku, reservation.quantity)
            return True

        def release(self, order):
            log.record("release", {"order": order}, None)
            with lock:
                if order in reservations:
                    sku, quantity = reservations.pop(order)
                    available[sku] += quantity

        def count(self, sku):
            log.record("count", {"sku": sku}, None)
            with lock:
                return available.get(sku, 0)

    serve_thrift(options.listen, stock_service.Processor(Stock()))


if __name__ == "__main__":
    main()
