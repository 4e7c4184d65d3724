#!/usr/bin/env python3
"""The web forum's authentication service (gRPC auth.Auth of specs/webforum.proto).

Users: alice:wonderland, bob:builder, carol:secret. Every call received is appended to --log.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.calllog import CallLog, protobuf_fields  # noqa: E402
from common.grpc_server import request_traceparent, serve_grpc  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402

PASSWORDS = {"alice": "wonderland", "bob": "builder", "carol": "secret"}


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listen", type=address, default=address("10.0.0.11:50051"), metavar="HOST:PORT")
    parser.add_argument("--log", required=True, help="JSON-lines file of the calls received")
    options = parser.parse_args()
    messages, services = load_grpc("webforum.proto")
    log = CallLog(options.log)

    class Auth(services.AuthServicer):
        def Authenticate(self, request, context):
            log.record("Authenticate", protobuf_fields(request), request_traceparent(context))
            return messages.AuthenticateReply(ok=PASSWORDS.get(request.user) == request.password)

    serve_grpc(options.listen, lambda server: services.add_AuthServicer_to_server(Auth(), server))


if __name__ == "__main__":
    main()
