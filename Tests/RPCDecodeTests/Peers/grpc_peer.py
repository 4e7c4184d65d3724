"""Real gRPC traffic for the RPCDecode tests: a Python grpcio server and client talk through a
recording loopback relay; every call kind, custom and binary metadata, W3C trace context, gzip,
and an error status. Writes OUT/conn0.{c2s,s2c} and OUT/expected.json (what each side sent).

usage: grpc_peer.py PROTO_DIR OUT_DIR [SERVER_PORT]
(SERVER_PORT: listen there, so a capture can filter on it; default: any free port)
"""
import json
import os
import sys
import time
from concurrent import futures

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopback_relay import LoopbackRelay  # noqa: E402
from store_stubs import generate  # noqa: E402

proto_dir, out_dir = sys.argv[1], sys.argv[2]
pb, rpc = generate(proto_dir, out_dir)

calls = []  # what each call sent, in order: filled by client and server


def everything(i):
    e = pb.Everything(
        f_double=1.5 + i, f_float=-2.25, f_int32=-7 - i, f_int64=-(1 << 40), f_uint32=4000000000,
        f_uint64=(1 << 63) + i, f_sint32=-123456, f_sint64=-(1 << 50), f_fixed32=0xDEADBEEF,
        f_fixed64=0x0123456789ABCDEF, f_sfixed32=-5, f_sfixed64=-(1 << 60), f_bool=True,
        f_string=f"héllo wörld {i}", f_bytes=bytes([0, 255, 128, i % 256]), f_enum=pb.GREEN,
        f_inner=pb.Inner(name="outer", depth=1, child=pb.Inner(name="deep", depth=2)),
        packed_int32=[1, -2, 300000, i], tags=["a", "b", ""], packed_double=[0.5, -1e300],
        packed_sint64=[-1, 1, -(1 << 62)], colors=[pb.RED, pb.GREEN, 5],
        choice_text="picked" if i % 2 == 0 else "")
    if i % 2 == 1:
        e.choice_inner.name = "choice"
    e.children.add(name="c1", depth=3)
    e.children.add(name="c2")
    e.counts["x"] = 1
    e.counts["y"] = -(1 << 33)
    e.by_id[7].name = "seven"
    return e


def record_call(method, kind):
    call = {"method": method, "kind": kind, "requests": [], "responses": [], "request_metadata": [],
            "initial_metadata": [], "trailing_metadata": [], "code": 0, "details": ""}
    calls.append(call)
    return call


def meta_pairs(metadata):
    return [[k, (v if isinstance(v, bytes) else v.encode()).hex()] for k, v in metadata]


class Store(rpc.StoreServicer):
    def _begin(self, context):
        context.send_initial_metadata((("x-server", "store-1"), ("x-server-bin", b"\xff\x00\x01")))

    def _end(self, context):
        context.set_trailing_metadata((("x-took-ms", "3"), ("x-digest-bin", b"\x80\x81\x00\xfe")))

    def Get(self, request, context):
        if request.key == "missing":
            context.abort(grpc.StatusCode.NOT_FOUND, "no such key: «missing» 100%")
        self._begin(context)
        self._end(context)
        return pb.GetReply(value=request.payload, found=True)

    def Scan(self, request, context):
        self._begin(context)
        for i in range(3):
            yield pb.GetReply(value=everything(10 + i), found=i != 1)
        self._end(context)

    def Put(self, request_iterator, context):
        context.set_compression(grpc.Compression.Gzip)
        self._begin(context)
        n = sum(1 for _ in request_iterator)
        self._end(context)
        return pb.GetReply(value=everything(n), found=True)

    def Sync(self, request_iterator, context):
        self._begin(context)
        for request in request_iterator:
            yield pb.GetReply(value=request.payload, found=False)
        self._end(context)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
rpc.add_StoreServicer_to_server(Store(), server)
port = server.add_insecure_port(f"127.0.0.1:{sys.argv[3] if len(sys.argv) > 3 else 0}")
server.start()
relay = LoopbackRelay(port, out_dir)

trace = [("traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"),
         ("tracestate", "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"),
         ("baggage", "userId=alice,serverNode=DF%2028,isProduction=false;p=1")]
metadata = trace + [("x-user", "alice"), ("x-blob-bin", b"\x00\xff\xfebinary\x80\x7f")]


wire = {"sent": [], "received": []}  # every message's exact bytes, as serialized and as received


class RecordingStub:
    """The Store stub, with serializers that keep each message's exact wire bytes (a protobuf
    map's order is not stable across serializations, so re-serializing would not do)."""

    def __init__(self, channel):
        kinds = {"Get": "unary_unary", "Scan": "unary_stream", "Put": "stream_unary", "Sync": "stream_stream"}
        for name, kind in kinds.items():
            setattr(self, name, getattr(channel, kind)(f"/ucheck.test.Store/{name}",
                                                       request_serializer=self._serialize,
                                                       response_deserializer=self._deserialize))

    @staticmethod
    def _serialize(message):
        data = message.SerializeToString()
        wire["sent"].append(data)
        return data

    @staticmethod
    def _deserialize(data):
        wire["received"].append(data)
        return pb.GetReply.FromString(data)


def run_calls(stub):
    def start(method, kind, call_metadata=()):
        call = record_call(method, kind)
        call["request_metadata"] = meta_pairs(call_metadata)
        call["marks"] = (len(wire["sent"]), len(wire["received"]))
        return call

    def finish(call, rpc_call=None):
        sent, received = call.pop("marks")
        call["requests"] = [b.hex() for b in wire["sent"][sent:]]
        call["responses"] = [b.hex() for b in wire["received"][received:]]
        if rpc_call is not None:
            call["initial_metadata"] = meta_pairs(rpc_call.initial_metadata())
            call["trailing_metadata"] = meta_pairs(rpc_call.trailing_metadata())
            call["code"] = rpc_call.code().value[0]
            call["details"] = rpc_call.details() or ""

    c = start("Get", "unary", metadata)
    _, rc = stub.Get.with_call(pb.GetRequest(key="k1", payload=everything(1)), metadata=metadata)
    finish(c, rc)

    c = start("Scan", "server-streaming", trace)
    it = stub.Scan(pb.GetRequest(key="scan", payload=everything(2)), metadata=trace)
    for _ in it:
        pass
    finish(c, it)

    c = start("Put", "client-streaming")
    reqs = [pb.GetRequest(key=f"put{i}", payload=everything(i)) for i in range(3)]
    _, rc = stub.Put.with_call(iter(reqs), compression=grpc.Compression.Gzip)
    c["compressed"] = True
    finish(c, rc)

    c = start("Sync", "bidi-streaming")
    it = stub.Sync(iter([pb.GetRequest(key=f"sync{i}", payload=everything(20 + i)) for i in range(2)]))
    for _ in it:
        pass
    finish(c, it)

    c = start("Get", "unary-error")
    try:
        stub.Get(pb.GetRequest(key="missing"))
    except grpc.RpcError as e:
        finish(c)
        c["code"] = e.code().value[0]
        c["details"] = e.details()
        c["trailing_metadata"] = meta_pairs(e.trailing_metadata())


# GRPC_PEER_REPEAT=N (benchmarks): the whole sequence of calls N times on the one connection.
with grpc.insecure_channel(f"127.0.0.1:{relay.port}") as channel:
    for _ in range(int(os.environ.get("GRPC_PEER_REPEAT", "1"))):
        run_calls(RecordingStub(channel))

relay.close()
server.stop(None)
with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump({"service": "ucheck.test.Store", "calls": calls}, f, indent=1)
