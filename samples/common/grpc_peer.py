"""A frontend's client of one gRPC backend, robust to the switch resetting its connection.

Every call carries the request's trace context as `traceparent` metadata (same trace id, new
span id). Calls use a pool of connections, one per concurrent call: a call takes an idle
connection or opens a new one (each channel gets its own subchannel pool, hence its own TCP
connection), so a call the debugger holds on the switch (TCP delivers a connection's bytes in
order) does not stall the other users' calls. After a transport failure (e.g. the TCP RST ucheck
sends when it blocks a message) the failed connection is closed and the next call opens a fresh
one at once instead of waiting for grpcio's reconnect backoff. Retries are disabled: a blocked
message is sent exactly once.
"""
import os
import threading

import grpc

from .trace import child_traceparent

# A dropped message without a reset must not hang the frontend; a debugging session holds calls
# for as long as the developer looks at them, so it raises this (UCHECK_CALL_TIMEOUT, seconds).
CALL_TIMEOUT_SECONDS = float(os.environ.get("UCHECK_CALL_TIMEOUT", "5"))
IDLE_CONNECTIONS_KEPT = 8
_TRANSPORT_FAILURES = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
                       grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.CANCELLED}
_CHANNEL_OPTIONS = [("grpc.enable_retries", 0), ("grpc.use_local_subchannel_pool", 1)]


class PeerCallFailed(Exception):
    """A call to a backend failed; str() is a one-line reason for the HTTP client."""

    def __init__(self, reason, code=None):
        super().__init__(reason)
        self.code = code


class GrpcPeer:
    def __init__(self, name, address, stub_class):
        self.name = name
        self._address = address
        self._stub_class = stub_class
        self._lock = threading.Lock()
        self._idle = []  # (channel, stub) pairs no call is using

    def _checkout(self):
        with self._lock:
            if self._idle:
                return self._idle.pop()
        channel = grpc.insecure_channel(self._address, options=_CHANNEL_OPTIONS)
        return channel, self._stub_class(channel)

    def _checkin(self, connection, failed):
        with self._lock:
            if not failed and len(self._idle) < IDLE_CONNECTIONS_KEPT:
                self._idle.append(connection)
                return
        connection[0].close()

    def call(self, method, request, traceparent):
        connection = self._checkout()
        failed = False
        try:
            return getattr(connection[1], method)(request, timeout=CALL_TIMEOUT_SECONDS,
                                                  metadata=[("traceparent", child_traceparent(traceparent))])
        except grpc.RpcError as error:
            failed = error.code() in _TRANSPORT_FAILURES
            details = (error.details() or "").splitlines()[0] if error.details() else ""
            if "connection reset" in details.lower():
                details = "connection reset"
            raise PeerCallFailed(f"{self.name}.{method}: {details} ({error.code().name})", error.code()) from None
        finally:
            self._checkin(connection, failed)
