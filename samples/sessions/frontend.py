#!/usr/bin/env python3
"""The login frontend (service frontend of specs/sessions.ucheck); sessions and carts live in a
real redis-server (service cache), spoken to with redis-py.

  POST /login       form user, password -> SET session:<token> user; answers the session key
  GET  /whoami      ?session=session:…   -> GET session:…; answers the user (404 if none)
  POST /cart/add    form cart, item      -> SADD cart:… item, when cart starts with "cart:"
  POST /cart/clear  form cart            -> DEL cart:…, when cart starts with "cart:"
  GET  /health                           -> PING

A wrong password answers 403, a key outside its prefix 403; /whoami?logout=1 (sessions expire,
they are never deleted), a cart name with "*" and /health?save=… answer 400; all without calling
the cache. --buggy, on requests the spec allows: /whoami?logout=1 deletes the session (DEL),
clearing the cart "cart:*" clears every cart with FLUSHALL, /health?save=off turns snapshots off
with CONFIG SET save "". A failed cache command (e.g. reset by the switch) answers 502.
"""
import argparse
import secrets
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.http_server import Route, serve_http  # noqa: E402
from common.lifecycle import address  # noqa: E402
from common.redis_peer import RedisPeer  # noqa: E402

PASSWORDS = {"alice": "wonderland", "bob": "builder"}
SESSION_PREFIX = "session:"
CART_PREFIX = "cart:"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=address, default=address("10.0.3.11:8080"), metavar="HOST:PORT")
    parser.add_argument("--cache", type=address, default=address("10.0.3.12:6379"), metavar="HOST:PORT",
                        help="the redis-server holding sessions and carts")
    parser.add_argument("--buggy", action="store_true",
                        help="logout deletes the session; cart:* flushes the cache; /health?save=off reconfigures it")
    options = parser.parse_args()
    cache = RedisPeer("cache", options.cache)

    def login(request):
        user = request.required(request.form, "user")
        if PASSWORDS.get(user) != request.required(request.form, "password"):
            return 403, "wrong user or password"
        session = SESSION_PREFIX + secrets.token_hex(8)
        cache.command("SET", session, user)
        return 200, session

    def whoami(request):
        session = request.required_field("session")
        if not session.startswith(SESSION_PREFIX):
            return 403, f"sessions start with {SESSION_PREFIX}"
        if request.field("logout") is not None:
            if not options.buggy:
                return 400, "sessions expire; they are never deleted"
            cache.command("DEL", session)
            return 200, "logged out"
        user = cache.command("GET", session)
        return (200, user) if user is not None else (404, "no such session")

    def add(request):
        cart = request.required(request.form, "cart")
        if not cart.startswith(CART_PREFIX):
            return 403, f"carts start with {CART_PREFIX}"
        added = cache.command("SADD", cart, request.required(request.form, "item"))
        return 200, f"{added} added to {cart}"

    def clear(request):
        cart = request.required(request.form, "cart")
        if not cart.startswith(CART_PREFIX):
            return 403, f"only carts ({CART_PREFIX}…) can be cleared"
        if "*" in cart:
            if not options.buggy:
                return 400, "one cart at a time"
            cache.command("FLUSHALL")
            return 200, "every cart cleared"
        removed = cache.command("DEL", cart)
        return 200, f"{removed} key(s) removed"

    def health(request):
        if request.field("save") is not None:
            if not options.buggy:
                return 400, "the cache's configuration is not changed from here"
            cache.command("CONFIG", "SET", "save", "")
        cache.command("PING")  # redis-py turns the PONG into True
        return 200, "PONG"

    serve_http(options.listen, [Route("POST", "/login", login), Route("GET", "/whoami", whoami),
                                Route("POST", "/cart/add", add), Route("POST", "/cart/clear", clear),
                                Route("GET", "/health", health)])


if __name__ == "__main__":
    main()
