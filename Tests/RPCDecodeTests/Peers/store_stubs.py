"""Generates the Python protobuf and grpcio modules of Fixtures/store.proto for the peer scripts."""
import os
import sys

from grpc_tools import protoc


def generate(proto_dir, out_dir):
    """Returns (store_pb2, store_pb2_grpc), generated under OUT_DIR/gen."""
    gen = os.path.join(out_dir, "gen")
    os.makedirs(gen, exist_ok=True)
    if protoc.main(["protoc", f"-I{proto_dir}", f"--python_out={gen}", f"--grpc_python_out={gen}",
                    os.path.join(proto_dir, "store.proto")]) != 0:
        sys.exit("protoc failed")
    sys.path.insert(0, gen)
    import store_pb2
    import store_pb2_grpc
    return store_pb2, store_pb2_grpc
