#!/usr/bin/env python3
"""The file gateway (service gateway of specs/files.ucheck), in front of samples/webforum/kv.py.

  POST /files        form path, body -> kv.Insert(key path, author "gateway") if path starts with "public/docs/"
  POST /files/purge  form path       -> kv.Delete(key path) if path starts with "tmp/"

Other paths answer 403 without calling kv. --buggy drops both checks. A failed kv call answers 502.
"""
import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from common.grpc_peer import GrpcPeer  # noqa: E402
from common.http_server import Route, serve_http  # noqa: E402
from common.lifecycle import address, format_address  # noqa: E402
from common.schemas import load_grpc  # noqa: E402

UPLOAD_FOLDER = "public/docs/"
SCRATCH_FOLDER = "tmp/"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--listen", type=address, default=address("10.0.0.20:8080"), metavar="HOST:PORT")
    parser.add_argument("--kv", type=address, default=address("10.0.0.21:50052"), metavar="HOST:PORT")
    parser.add_argument("--buggy", action="store_true",
                        help=f"upload anywhere, purge anything (not only {UPLOAD_FOLDER} / {SCRATCH_FOLDER})")
    options = parser.parse_args()
    messages, services = load_grpc("kv.proto")
    kv = GrpcPeer("kv", format_address(options.kv), services.KVStub)

    def upload(request):
        path = request.required(request.form, "path")
        body = request.required(request.form, "body")
        if not path.startswith(UPLOAD_FOLDER) and not options.buggy:
            return 403, f"uploads go under {UPLOAD_FOLDER}"
        reply = kv.call("Insert", messages.InsertRequest(key=path, author="gateway", value=body), request.traceparent)
        return (200, f"stored {path}") if reply.ok else (409, f"{path} exists already")

    def purge(request):
        path = request.required(request.form, "path")
        if not path.startswith(SCRATCH_FOLDER) and not options.buggy:
            return 403, f"only files under {SCRATCH_FOLDER} can be purged"
        reply = kv.call("Delete", messages.DeleteRequest(key=path), request.traceparent)
        return (200, f"purged {path}") if reply.ok else (404, f"no file {path}")

    serve_http(options.listen, [Route("POST", "/files", upload), Route("POST", "/files/purge", purge)])


if __name__ == "__main__":
    main()
