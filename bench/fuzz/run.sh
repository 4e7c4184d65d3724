#!/usr/bin/env bash
# Fuzzes RPCDecode's decoders with libFuzzer (+ AddressSanitizer), each for SECONDS (default 60),
# starting from corpora of real traffic the tests' peers produce. Not part of CI.
#   bench/fuzz/run.sh [SECONDS] [TARGET...]      targets: grpc http1 redis thrift hpack protobuf
# Links with lld (gold fails on the sanitizer runtime here).
# Prints, per target, libFuzzer's final stats line; crashes are left in bench/fuzz/out/TARGET/.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
seconds="${1:-60}"
shift || true
targets=("${@:-grpc http1 redis thrift hpack protobuf}")
read -r -a targets <<< "${targets[*]}"
out="$root/bench/fuzz/out"
mkdir -p "$out"

flock /tmp/ucheck-build.lock swift build -c release --package-path "$root/bench/fuzz" --scratch-path "$root/.build-fuzz" \
  -Xswiftc -sanitize=fuzzer,address -Xswiftc -use-ld=lld >&2
binary="$root/.build-fuzz/release/RPCDecodeFuzz"

# Seeds: the bytes of real conversations (client then server direction, as one input).
seeds="$out/seeds"
if [ ! -d "$seeds" ]; then
  mkdir -p "$seeds"/{grpc,http1,redis,thrift,hpack,protobuf}
  peers="$root/Tests/RPCDecodeTests/Peers"
  fixtures="$root/Tests/RPCDecodeTests/Fixtures"
  tmp="$(mktemp -d)"
  python3 "$peers/grpc_peer.py" "$fixtures" "$tmp" >/dev/null
  { printf '\x01'; cat "$tmp/conn0.c2s" "$tmp/conn0.s2c"; } > "$seeds/grpc/peer"
  python3 "$peers/hpack_vectors.py" 1 20 | python3 -c '
import json, sys
for i, connection in enumerate(json.load(sys.stdin)):
    open(sys.argv[1] + f"/v{i}", "wb").write(b"\xff".join(bytes.fromhex(v["block"]) for v in connection))' "$seeds/hpack"
  python3 "$peers/protobuf_samples.py" "$fixtures" "$tmp" 5 20 | python3 -c '
import sys
for i, line in enumerate(sys.stdin):
    open(sys.argv[1] + f"/m{i}", "wb").write(b"\x12" + bytes([len(bytes.fromhex(line.strip())) & 0x7f]) + bytes.fromhex(line.strip()))' "$seeds/protobuf"
  printf '\x03*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n+OK\r\n%%1\r\n+a\r\n:1\r\n' > "$seeds/redis/set"
  printf '\x05POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok' > "$seeds/http1/post"
  python3 "$peers/thrift_peer.py" "$fixtures/inventory.thrift" "$tmp" >/dev/null
  for i in 0 1 2 3; do { printf '\x02'; cat "$tmp/thrift$i.c2s" "$tmp/thrift$i.s2c"; } > "$seeds/thrift/t$i"; done
  protoc --descriptor_set_out="$out/store.pb" --include_imports -I"$fixtures" "$fixtures/store.proto"
  rm -rf "$tmp"
fi
[ -f "$out/store.pb" ] || protoc --descriptor_set_out="$out/store.pb" --include_imports -I"$root/Tests/RPCDecodeTests/Fixtures" "$root/Tests/RPCDecodeTests/Fixtures/store.proto"

for target in "${targets[@]}"; do
  corpus="$out/$target/corpus"
  mkdir -p "$corpus" "$out/$target/crashes"
  echo "== $target ($seconds s)"
  FUZZ_TARGET="$target" FUZZ_SCHEMA="$out/store.pb" "$binary" "$corpus" "$seeds/$target" \
    -max_total_time="$seconds" -max_len=65536 -rss_limit_mb=2048 -print_final_stats=1 \
    -artifact_prefix="$out/$target/crashes/" 2>&1 | grep -E "^(stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)|Done [0-9]+ runs" || true
done
