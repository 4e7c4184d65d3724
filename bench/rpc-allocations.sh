#!/usr/bin/env bash
# Holds RPCDecode's gRPC decoding to at most MAX heap allocations per message (default 1.5) in a
# release build; exits 1 above it.
#   bench/rpc-allocations.sh [MAX]
# The conversation: Python grpcio client and server (Peers/grpc_peer.py) repeating every call kind
# 50 times on one connection (unary, server/client/bidi streaming, gzip, binary metadata), so the
# HPACK tables and per-connection state are warm. rpc-bench replays it with
# bench/malloc-count/malloc_count.c preloaded and counts allocations during one warm round.
# A script, not an XCTest: the figure only means something in a release build (a debug build
# allocates hundreds of times per message), and the counter must be preloaded into the process.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
max="${1:-1.5}"
out="$root/bench/out/rpc-allocations"
rm -rf "$out" && mkdir -p "$out/grpc"
cd "$root"
flock /tmp/ucheck-build.lock swift build -c release --product rpc-bench >&2
gcc -O2 -shared -fPIC -o "$out/malloc_count.so" "$root/bench/malloc-count/malloc_count.c"
GRPC_PEER_REPEAT=50 python3 "$root/Tests/RPCDecodeTests/Peers/grpc_peer.py" \
  "$root/Tests/RPCDecodeTests/Fixtures" "$out/grpc" >/dev/null
line=$(LD_PRELOAD="$out/malloc_count.so" "$root/.build/release/rpc-bench" grpc "$out/grpc/conn0.log" --seconds 0.2 | grep allocations_per_message)
per_message="${line#allocations_per_message=}"
echo "gRPC allocations per message: $per_message (limit $max)"
python3 -c "import sys; sys.exit(0 if $per_message <= $max else 1)"
