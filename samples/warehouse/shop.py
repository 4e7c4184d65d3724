#!/usr/bin/env python3
"""The warehouse's HTTP shop (service shop of specs/warehouse.ucheck), client of the Thrift stock service.

  POST /buy     order, sku, quantity (JSON body or query): quantity 1..100, else 400;
                stock.reserve; 202, 409 when out of stock
  POST /cancel  order (JSON body or query): only an order bought here (else 404); stock.release; 200

--buggy: no check on the quantity; cancels orders it never placed. A failed stock call answers 502.
"""
import argparse
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.http_server import Route, serve_http  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.schemas import load_thrift  # noqa: E402
from common.thrift_peer import ThriftPeer  # noqa: E402

MAX_QUANTITY = 100


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=address, default=address("10.0.0.30:8080"), metavar="HOST:PORT")
    parser.add_argument("--stock", type=address, default=address("10.0.0.31:9090"), metavar="HOST:PORT")
    parser.add_argument("--buggy", action="store_true", help="any quantity; cancel orders never placed")
    options = parser.parse_args()
    types, stock_service = load_thrift("warehouse.thrift", "Stock")
    stock = ThriftPeer("stock", options.stock, stock_service.Client, application_errors=[types.OutOfStock])
    placed = set()
    placed_lock = threading.Lock()

    def buy(request):
        order = str(request.required_field("order"))
        sku = str(request.required_field("sku"))
        quantity = request.int_field("quantity")
        if not 1 <= quantity <= MAX_QUANTITY and not options.buggy:
            return 400, f"quantity must be 1..{MAX_QUANTITY}"
        with placed_lock:
            placed.add(order)
        try:
            stock.call("reserve", types.Reservation(order=order, sku=sku, quantity=quantity))
        except types.OutOfStock as out:
            return 409, f"only {out.available} {out.sku} left"
        return 202, f"{order}: {quantity} {sku} reserved"

    def cancel(request):
        order = str(request.required_field("order"))
        with placed_lock:
            was_placed = order in placed
            placed.discard(order)
        if not was_placed and not options.buggy:
            return 404, f"no order {order}"
        stock.call("release", order)
        return 200, f"{order} cancelled"

    serve_http(options.listen, [Route("POST", "/buy", buy), Route("POST", "/cancel", cancel)])


if __name__ == "__main__":
    main()
