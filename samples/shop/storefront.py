#!/usr/bin/env python3
"""The shop's HTTP storefront (service storefront of specs/shop.ucheck).

  POST /checkout            JSON {"order", "item", "qty", "amount"}: amount > 0 and qty 1..10, else 400;
                            payment.Charge, then inventory.Reserve; 200, or 402 when payment declines
  POST /orders/{id}/ship    only a paid order (else 403): inventory.Ship; 202, or 409 when inventory refuses

--buggy: no checks on amount and qty; ships unpaid orders; `?express=1` on ship charges a 5 fee
in the ship request; items named "preorder-…" are charged but never reserved (without --buggy
express shipping and pre-orders answer 403). A failed backend call answers 502.
"""
import argparse
import sys
import threading
from pathlib import Path

import grpc

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.grpc_peer import GrpcPeer, PeerCallFailed  # noqa: E402
from common.http_server import Route, serve_http  # noqa: E402
from common.lifecycle import address, format_address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402

MAX_QUANTITY = 10
EXPRESS_FEE = 5
PREORDER_PREFIX = "preorder-"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=address, default=address("10.0.1.10:8080"), metavar="HOST:PORT")
    parser.add_argument("--payment", type=address, default=address("10.0.1.11:50051"), metavar="HOST:PORT")
    parser.add_argument("--inventory", type=address, default=address("10.0.1.12:50052"), metavar="HOST:PORT")
    parser.add_argument("--buggy", action="store_true",
                        help="unchecked amounts and quantities, unpaid shipping, express fee, pre-orders")
    options = parser.parse_args()
    messages, services = load_grpc("shop.proto")
    payment = GrpcPeer("payment", format_address(options.payment), services.PaymentStub)
    inventory = GrpcPeer("inventory", format_address(options.inventory), services.InventoryStub)
    paid = set()
    paid_lock = threading.Lock()

    def checkout(request):
        order = str(request.required_field("order"))
        item = str(request.required_field("item"))
        qty = request.int_field("qty")
        amount = request.int_field("amount")
        if not options.buggy:
            if amount <= 0 or not 1 <= qty <= MAX_QUANTITY:
                return 400, f"amount must be positive and qty 1..{MAX_QUANTITY}"
            if item.startswith(PREORDER_PREFIX):
                return 403, "pre-orders are not open"
        charge = payment.call("Charge", messages.ChargeRequest(order=order, amount=amount), request.traceparent)
        if not charge.ok:
            return 402, f"payment declined for {order}"
        with paid_lock:
            paid.add(order)
        if item.startswith(PREORDER_PREFIX):
            return 200, f"{order} paid (pre-order, not reserved)"
        reserve = inventory.call("Reserve", messages.ReserveRequest(order=order, item=item, qty=qty),
                                 request.traceparent)
        return (200, f"{order} paid and reserved") if reserve.ok else (409, f"{order} paid, not reserved")

    def ship(request):
        order = request.path_params["id"]
        with paid_lock:
            was_paid = order in paid
        if not was_paid and not options.buggy:
            return 403, f"{order} is not paid"
        if request.query.get("express") == "1":
            if not options.buggy:
                return 403, "express shipping is not offered"
            fee = payment.call("Charge", messages.ChargeRequest(order=order, amount=EXPRESS_FEE), request.traceparent)
            if not fee.ok:
                return 402, f"express fee declined for {order}"
        try:
            inventory.call("Ship", messages.ShipRequest(order=order), request.traceparent)
        except PeerCallFailed as failure:
            if failure.code == grpc.StatusCode.FAILED_PRECONDITION:
                return 409, f"inventory refused: {failure}"
            raise
        return 202, f"{order} shipped"

    serve_http(options.listen, [Route("POST", "/checkout", checkout), Route("POST", "/orders/{id}/ship", ship)])


if __name__ == "__main__":
    main()
