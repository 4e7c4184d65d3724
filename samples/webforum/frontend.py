#!/usr/bin/env python3
"""The web forum's HTTP frontend (service frontend of specs/webforum.ucheck).

  POST /login            form user, password  -> auth.Authenticate; 200 or 401
  POST /post?user=U      form body            -> kv.Insert(key "post/<n>", author U); 200 with the key
  GET  /msg/{id}         id = the key, percent-encoded ("post%2F1") -> kv.Get; 200 value or 404
  POST /post?user=U&edit=K  form body        -> 403 (with --buggy: kv.Modify(K, body))
  GET  /msg/{id}?delete=1                     -> 403 (with --buggy: kv.Delete)

--buggy also skips the logged-in check on /post. Its bugs ride on the declared routes, so every
HTTP request the frontend receives is one the spec allows: only the messages the frontend then
sends break the invariants. A failed backend call answers 502.
"""
import argparse
import itertools
import sys
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.grpc_peer import GrpcPeer  # noqa: E402
from common.http_server import Route, serve_http  # noqa: E402
from common.lifecycle import address, format_address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402

MAX_KEY_ATTEMPTS = 100  # bounds the Inserts one post may send when kv already holds keys


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=address, default=address("10.0.0.10:8080"), metavar="HOST:PORT")
    parser.add_argument("--auth", type=address, default=address("10.0.0.11:50051"), metavar="HOST:PORT")
    parser.add_argument("--kv", type=address, default=address("10.0.0.12:50052"), metavar="HOST:PORT")
    parser.add_argument("--buggy", action="store_true",
                        help="post without logging in; edit (POST /post?edit=K) and delete (GET /msg/K?delete=1) posts")
    options = parser.parse_args()
    auth_messages, auth_services = load_grpc("webforum.proto")
    kv_messages, kv_services = load_grpc("kv.proto")
    auth = GrpcPeer("auth", format_address(options.auth), auth_services.AuthStub)
    kv = GrpcPeer("kv", format_address(options.kv), kv_services.KVStub)
    logged_in = set()
    logged_in_lock = threading.Lock()
    post_numbers = itertools.count(1)

    def login(request):
        user = request.required(request.form, "user")
        password = request.required(request.form, "password")
        reply = auth.call("Authenticate", auth_messages.AuthenticateRequest(user=user, password=password),
                          request.traceparent)
        if not reply.ok:
            return 401, f"wrong password for {user}"
        with logged_in_lock:
            logged_in.add(user)
        return 200, f"welcome {user}"

    def post(request):
        user = request.required(request.query, "user")
        body = request.required(request.form, "body")
        if "edit" in request.query:
            return edit(request.query["edit"], body, request)
        with logged_in_lock:
            allowed = user in logged_in
        if not allowed and not options.buggy:
            return 403, f"{user} is not logged in"
        for _ in range(MAX_KEY_ATTEMPTS):  # kv may hold posts of an earlier frontend process
            key = f"post/{next(post_numbers)}"
            reply = kv.call("Insert", kv_messages.InsertRequest(key=key, author=user, value=body),
                            request.traceparent)
            if reply.ok:
                return 200, key
        return 409, f"no free key after {MAX_KEY_ATTEMPTS} attempts"

    def read(request):
        key = request.path_params["id"]
        if request.query.get("delete") == "1":
            return delete(key, request)
        reply = kv.call("Get", kv_messages.GetRequest(key=key), request.traceparent)
        return (200, reply.value) if reply.found else (404, f"no message {key}")

    def delete(key, request):
        if not options.buggy:
            return 403, "posts cannot be deleted"
        reply = kv.call("Delete", kv_messages.DeleteRequest(key=key), request.traceparent)
        return (200, f"deleted {key}") if reply.ok else (404, f"no message {key}")

    def edit(key, value, request):
        if not options.buggy:
            return 403, "posts cannot be edited"
        reply = kv.call("Modify", kv_messages.ModifyRequest(key=key, value=value), request.traceparent)
        return (200, f"edited {key}") if reply.ok else (404, f"no message {key}")

    serve_http(options.listen, [
        Route("POST", "/login", login),
        Route("POST", "/post", post),
        Route("GET", "/msg/{id}", read),
    ])


if __name__ == "__main__":
    main()
