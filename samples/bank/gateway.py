#!/usr/bin/env python3
"""The bank's HTTP gateway (service gateway of specs/bank.ucheck).

  POST /transfers  JSON {"id", "from", "to", "amount"}: amount 1..10000 and from != to, else 400;
                   ledger.Record, then accounts.Debit(from), then accounts.Credit(to);
                   200, 409 when the ledger refuses (duplicate id), 402 when the debit is declined

--buggy: transfers under 10 skip the ledger, and the destination is credited even when the
debit was declined. A failed backend call answers 502.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.grpc_peer import GrpcPeer  # noqa: E402
from common.http_server import Route, serve_http  # noqa: E402
from common.lifecycle import address, format_address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402

MAX_AMOUNT = 10000
UNAUDITED_BELOW = 10  # the buggy build's "fast path": smaller transfers skip the ledger


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=address, default=address("10.0.2.10:8080"), metavar="HOST:PORT")
    parser.add_argument("--accounts", type=address, default=address("10.0.2.11:50051"), metavar="HOST:PORT")
    parser.add_argument("--ledger", type=address, default=address("10.0.2.12:50052"), metavar="HOST:PORT")
    parser.add_argument("--buggy", action="store_true",
                        help=f"skip the ledger under {UNAUDITED_BELOW}; credit after a declined debit")
    options = parser.parse_args()
    messages, services = load_grpc("bank.proto")
    accounts = GrpcPeer("accounts", format_address(options.accounts), services.AccountsStub)
    ledger = GrpcPeer("ledger", format_address(options.ledger), services.LedgerStub)

    def transfer(request):
        transfer_id = str(request.required_field("id"))
        source = str(request.required_field("from"))
        destination = str(request.required_field("to"))
        amount = request.int_field("amount")
        if not 1 <= amount <= MAX_AMOUNT or source == destination:
            return 400, f"amount must be 1..{MAX_AMOUNT} between two accounts"
        if not (options.buggy and amount < UNAUDITED_BELOW):
            record = ledger.call("Record", messages.RecordRequest(
                transfer=transfer_id, amount=amount, **{"from": source, "to": destination}), request.traceparent)
            if not record.ok:
                return 409, f"ledger refused {transfer_id} (duplicate id)"
        debit = accounts.call("Debit", messages.DebitRequest(transfer=transfer_id, account=source, amount=amount),
                              request.traceparent)
        if not debit.ok and not options.buggy:
            return 402, f"{source} cannot pay {amount}"
        accounts.call("Credit", messages.CreditRequest(transfer=transfer_id, account=destination, amount=amount),
                      request.traceparent)
        return 200, f"{transfer_id}: {amount} from {source} to {destination}"

    serve_http(options.listen, [Route("POST", "/transfers", transfer)])


if __name__ == "__main__":
    main()
