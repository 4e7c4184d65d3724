"""A frontend's client of one gRPC backend, robust to the switch resetting its connection.

Every call carries the request's trace context as `traceparent` metadata (same trace id, new
span id). After a transport failure (e.g. the TCP RST ucheck sends when it blocks a message)
the channel is replaced, so the next call opens a fresh connection at once instead of waiting
for grpcio's reconnect backoff. Retries are disabled: a blocked message is sent exactly once.
"""
import threading

import grpc

from .trace import child_traceparent

CALL_TIMEOUT_SECONDS = 5  # a dropped message without a reset must not hang the frontend
_TRANSPORT_FAILURES = {grpc.StatusCode.UNAVAILABLE, grpc.StatusCode.DEADLINE_EXCEEDED,
                       grpc.StatusCode.INTERNAL, grpc.StatusCode.UNKNOWN, grpc.StatusCode.CANCELLED}


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
        self._channel = None
        self._stub = None

    def _current_stub(self):
        with self._lock:
            if self._stub is None:
                self._channel = grpc.insecure_channel(self._address, options=[("grpc.enable_retries", 0)])
                self._stub = self._stub_class(self._channel)
            return self._stub

    def _replace_channel(self, failed_stub):
        with self._lock:
            if self._stub is failed_stub:
                self._channel.close()
                self._channel = None
                self._stub = None

    def call(self, method, request, traceparent):
        stub = self._current_stub()
        try:
            return getattr(stub, method)(request, timeout=CALL_TIMEOUT_SECONDS,
                                         metadata=[("traceparent", child_traceparent(traceparent))])
        except grpc.RpcError as error:
            if error.code() in _TRANSPORT_FAILURES:
                self._replace_channel(stub)
            details = (error.details() or "").splitlines()[0] if error.details() else ""
            if "connection reset" in details.lower():
                details = "connection reset"
            raise PeerCallFailed(f"{self.name}.{method}: {details} ({error.code().name})", error.code()) from None
