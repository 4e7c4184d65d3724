"""Runs a gRPC backend: binds --listen, announces `ready`, serves until SIGTERM."""
from concurrent import futures

import grpc

from .lifecycle import announce_ready, wait_for_termination


def serve_grpc(listen, register):
    """register(server) adds the servicers; listen is (host, port)."""
    host, port = listen
    # grpcio sets SO_REUSEPORT by default, which would let two servers share a port silently.
    server = grpc.server(futures.ThreadPoolExecutor(max_workers=8), options=[("grpc.so_reuseport", 0)])
    register(server)
    try:
        bound = server.add_insecure_port(f"{host}:{port}")
    except RuntimeError as error:
        raise SystemExit(f"cannot listen on {host}:{port}: {error}")
    if bound == 0:
        raise SystemExit(f"cannot listen on {host}:{port}")
    server.start()
    announce_ready(host, bound)
    wait_for_termination()
    server.stop(grace=1).wait()


def request_traceparent(context):
    """The traceparent metadata of an incoming call, or None."""
    for key, value in context.invocation_metadata():
        if key == "traceparent":
            return value
    return None
