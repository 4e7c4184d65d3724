"""Random ucheck.test.Everything messages serialized by Python's protobuf (an independent
encoder), for the RPCDecode differential tests. Prints one hex payload per line.

usage: protobuf_samples.py PROTO_DIR OUT_DIR SEED COUNT
"""
import os
import random
import sys

from grpc_tools import protoc

proto_dir, out_dir, seed, count = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
if protoc.main(["protoc", f"-I{proto_dir}", f"--python_out={out_dir}", os.path.join(proto_dir, "store.proto")]) != 0:
    sys.exit("protoc failed")
sys.path.insert(0, out_dir)
import store_pb2 as pb  # noqa: E402

rng = random.Random(seed)


def text():
    return "".join(rng.choice("aé€𝄞 z\t0") for _ in range(rng.randrange(0, 12)))


def inner(depth):
    m = pb.Inner(name=text(), depth=rng.randrange(-3, 1000))
    if depth < 4 and rng.random() < 0.5:
        m.child.CopyFrom(inner(depth + 1))
    return m


def maybe(p=0.6):
    return rng.random() < p


for _ in range(count):
    e = pb.Everything()
    if maybe(): e.f_double = rng.choice([0.0, -0.5, 1e-310, 3.141592653589793, float("inf"), -1e300])
    if maybe(): e.f_float = rng.choice([1.5, -2.25, 3.4e38, 1e-40])
    if maybe(): e.f_int32 = rng.randrange(-(1 << 31), 1 << 31)
    if maybe(): e.f_int64 = rng.randrange(-(1 << 63), 1 << 63)
    if maybe(): e.f_uint32 = rng.randrange(0, 1 << 32)
    if maybe(): e.f_uint64 = rng.randrange(0, 1 << 64)
    if maybe(): e.f_sint32 = rng.randrange(-(1 << 31), 1 << 31)
    if maybe(): e.f_sint64 = rng.randrange(-(1 << 63), 1 << 63)
    if maybe(): e.f_fixed32 = rng.randrange(0, 1 << 32)
    if maybe(): e.f_fixed64 = rng.randrange(0, 1 << 64)
    if maybe(): e.f_sfixed32 = rng.randrange(-(1 << 31), 1 << 31)
    if maybe(): e.f_sfixed64 = rng.randrange(-(1 << 63), 1 << 63)
    if maybe(): e.f_bool = maybe(0.5)
    if maybe(): e.f_string = text()
    if maybe(): e.f_bytes = bytes(rng.randrange(256) for _ in range(rng.randrange(0, 20)))
    if maybe(): e.f_enum = rng.choice([0, 1, 2, 7])
    if maybe(): e.f_inner.CopyFrom(inner(0))
    e.packed_int32.extend(rng.randrange(-(1 << 31), 1 << 31) for _ in range(rng.randrange(0, 6)))
    e.tags.extend(text() for _ in range(rng.randrange(0, 4)))
    for _ in range(rng.randrange(0, 3)):
        e.children.add().CopyFrom(inner(1))
    for _ in range(rng.randrange(0, 4)):
        e.counts[text()] = rng.randrange(-(1 << 63), 1 << 63)
    for _ in range(rng.randrange(0, 3)):
        e.by_id[rng.randrange(-5, 5)].CopyFrom(inner(2))
    which = rng.randrange(4)
    if which == 1: e.choice_text = text()
    if which == 2: e.choice_number = rng.randrange(-(1 << 63), 1 << 63)
    if which == 3: e.choice_inner.CopyFrom(inner(1))
    e.packed_double.extend(rng.random() * 1e6 for _ in range(rng.randrange(0, 4)))
    e.packed_sint64.extend(rng.randrange(-(1 << 63), 1 << 63) for _ in range(rng.randrange(0, 4)))
    e.colors.extend(rng.choice([0, 1, 2, 9]) for _ in range(rng.randrange(0, 4)))
    print(e.SerializeToString().hex())
