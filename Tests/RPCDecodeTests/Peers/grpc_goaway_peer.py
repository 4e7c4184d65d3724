"""A grpcio server stopped gracefully while a bidi-streaming call is open, through the recording
loopback relay: the server sends GOAWAY, lets the open call go on through the grace period,
then ends it. Writes OUT/conn0.log and OUT/expected.json: what the client saw, and the GOAWAY,
RST_STREAM and END_STREAM frames found by walking the recorded bytes here (independently of
the Swift decoder).

usage: grpc_goaway_peer.py PROTO_DIR OUT_DIR
"""
import json
import os
import queue
import sys
import threading
from concurrent import futures

import grpc

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from loopback_relay import LoopbackRelay  # noqa: E402
from store_stubs import generate  # noqa: E402

GRACE_SECONDS = 1.0
proto_dir, out_dir = sys.argv[1], sys.argv[2]
pb, rpc = generate(proto_dir, out_dir)


class Store(rpc.StoreServicer):
    def Sync(self, request_iterator, context):
        for request in request_iterator:
            yield pb.GetReply(value=request.payload, found=True)


server = grpc.server(futures.ThreadPoolExecutor(max_workers=2))
rpc.add_StoreServicer_to_server(Store(), server)
port = server.add_insecure_port("127.0.0.1:0")
server.start()
relay = LoopbackRelay(port, out_dir)

requests = queue.Queue()
replies = 0
with grpc.insecure_channel(f"127.0.0.1:{relay.port}") as channel:
    sync = channel.stream_stream("/ucheck.test.Store/Sync", request_serializer=pb.GetRequest.SerializeToString,
                                 response_deserializer=pb.GetReply.FromString)
    call = sync(iter(requests.get, None))
    requests.put(pb.GetRequest(key="before"))
    next(call)
    replies += 1
    stopped = server.stop(GRACE_SECONDS)
    # The open call goes on during the grace period.
    requests.put(pb.GetRequest(key="during grace"))
    next(call)
    replies += 1
    stopped.wait()
    try:
        for _ in call:
            replies += 1
        code = call.code().value[0]
    except grpc.RpcError as error:
        code = error.code().value[0]
    requests.put(None)
relay.close()


def frames(data, start):
    """(type, flags, stream, payload) of every frame in one direction's bytes."""
    i = start
    while i + 9 <= len(data):
        length = int.from_bytes(data[i:i + 3], "big")
        yield data[i + 3], data[i + 4], int.from_bytes(data[i + 5:i + 9], "big") & 0x7FFFFFFF, data[i + 9:i + 9 + length]
        i += 9 + length


c2s = open(os.path.join(out_dir, "conn0.c2s"), "rb").read()
s2c = open(os.path.join(out_dir, "conn0.s2c"), "rb").read()
goaways, resets, server_end_stream = [], [], []
for direction, data, start in ((0, c2s, 24), (1, s2c, 0)):
    for kind, flags, stream, payload in frames(data, start):
        if kind == 7 and direction == 1:
            goaways.append(int.from_bytes(payload[:4], "big") & 0x7FFFFFFF)
        elif kind == 3:
            resets.append({"direction": direction, "stream": stream, "code": int.from_bytes(payload[:4], "big")})
        elif kind == 1 and direction == 1 and flags & 1:
            server_end_stream.append(stream)
with open(os.path.join(out_dir, "expected.json"), "w") as f:
    json.dump({"code": code, "replies": replies, "goaways": goaways, "resets": resets,
               "server_end_stream": server_end_stream}, f, indent=1)
