#!/usr/bin/env bash
# RPCDecode decode throughput per protocol vs tshark on the same traffic (release build).
#   bench/rpc-decode.sh [SECONDS]
# Real peers talk through the recording relay while tcpdump captures the relay-to-server leg
# (the same bytes): grpcio (GRPC_PEER_REPEAT rounds of every call kind), redis-benchmark
# (pipelined SET/GET), curl (keep-alive GETs), Python thrift (binary/compact, framed/unframed).
# rpc-bench replays the relay logs through RPCDecode; tshark reads the pcaps with the matching
# dissector. Both rates are measured in this run; the table goes to docs/benchmarks.md.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
seconds="${1:-3}"
out="$root/bench/out/rpc"
peers="$root/Tests/RPCDecodeTests/Peers"
fixtures="$root/Tests/RPCDecodeTests/Fixtures"
rm -rf "$out" && mkdir -p "$out"
cd "$root"
flock /tmp/ucheck-build.lock swift build -c release --product rpc-bench >&2
bench="$root/.build/release/rpc-bench"
gcc -O2 -shared -fPIC -o "$out/malloc_count.so" "$root/bench/malloc-count/malloc_count.c"
source bench/lib/free-port.sh
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# gRPC
port=$(free_loopback_port)
mkdir -p "$out/grpc"
GRPC_PEER_REPEAT=200 python3 "$peers/capture.py" "$port" "$out/grpc.pcap" -- \
  python3 "$peers/grpc_peer.py" "$fixtures" "$out/grpc" "$port" >/dev/null
protoc --descriptor_set_out="$out/store.pb" --include_imports -I"$fixtures" "$fixtures/store.proto"
grpc_port=$port

# Redis
port=$(free_loopback_port)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null & pids+=($!)
sleep 0.5
mkdir -p "$out/redis"
python3 "$peers/capture.py" "$port" "$out/redis.pcap" -- python3 "$peers/relay_command.py" "$port" "$out/redis" -- \
  redis-benchmark -p '{port}' -n 20000 -c 1 -P 16 -t set,get -q >/dev/null
redis_port=$port

# HTTP/1.1
port=$(free_loopback_port)
python3 "$peers/http_server.py" "$port" & pids+=($!)
sleep 0.5
mkdir -p "$out/http1"
python3 "$peers/capture.py" "$port" "$out/http1.pcap" -- python3 "$peers/relay_command.py" "$port" "$out/http1" -- \
  curl -s "http://127.0.0.1:{port}/item/[1-500]" >/dev/null
http_port=$port

# Thrift: the peer opens its own servers on free ports; capture all loopback Thrift by relay log
# only, and for tshark one binary framed connection recorded by pcap below.
mkdir -p "$out/thrift"
THRIFT_PEER_REPEAT=400 python3 "$peers/thrift_peer.py" "$fixtures/inventory.thrift" "$out/thrift" >/dev/null

run_bench() {
  "$bench" "$@" --seconds "$seconds"
  LD_PRELOAD="$out/malloc_count.so" "$bench" "$@" --seconds 0.2 | grep allocations_per_message
}
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
# Seconds tshark takes to read the capture with a filter and print fields, minus its start-up
# (the same tshark reading only the first packet of the same file); empty when that is noise.
tshark_seconds() {
  local pcap="$1"; shift
  local t0 t1 t2 t3
  t0=$(date +%s.%N); tshark -r "$pcap" -c 1 "$@" >/dev/null 2>&1; t1=$(date +%s.%N)
  tshark -r "$pcap" "$@" >/dev/null 2>&1; t2=$(date +%s.%N)
  # Below 20 ms the difference is start-up noise: no figure.
  python3 -c "d = ($t2 - $t1) - ($t1 - $t0); print(d if d >= 0.02 else '')"
}

rows=()
add_row() { # name rpc-bench-line tshark-seconds (or "")
  local name="$1" line="$2" ts="$3"
  local bytes rate mb msgs allocs
  allocs=$(echo "$line" | field allocations_per_message)
  bytes=$(echo "$line" | field conversation_bytes); msgs=$(echo "$line" | field messages_per_round)
  rate=$(echo "$line" | field msg_per_s); mb=$(echo "$line" | field mb_per_s)
  if [ -n "$ts" ]; then
    local tmb
    tmb=$(python3 -c "print(f'{$bytes / $ts / 1e6:.2f}')")
    rows+=("| $name | $bytes B, $msgs msgs | $rate | $mb | $allocs | $tmb | $(python3 -c "print(f'{$mb / $tmb:.0f}x')") |")
  else
    rows+=("| $name | $bytes B, $msgs msgs | $rate | $mb | $allocs | ${4:-not measured} | — |")
  fi
}

line=$(run_bench grpc "$out/grpc/conn0.log")
add_row "gRPC: HTTP/2 frames, HPACK, gRPC messages, gzip" "$line" \
  "$(tshark_seconds "$out/grpc.pcap" -d "tcp.port==$grpc_port,http2" -Y grpc -T fields -e grpc.message_length)"
line=$(run_bench grpc "$out/grpc/conn0.log" --schema "$out/store.pb")
add_row "gRPC + every protobuf field decoded" "$line" \
  "$(tshark_seconds "$out/grpc.pcap" -d "tcp.port==$grpc_port,http2" -Y grpc -o 'uat:protobuf_search_paths:"'"$fixtures"'","TRUE"' \
     -o protobuf.preload_protos:TRUE -o protobuf.pbf_as_hf:TRUE -T fields -e grpc.message_length -e pbf.ucheck.test.GetRequest.key)"
line=$(run_bench redis "$out/redis/"conn*.log)
add_row "Redis RESP, pipelined (redis-benchmark -P 16)" "$line" \
  "$(tshark_seconds "$out/redis.pcap" -d "tcp.port==$redis_port,resp" -Y resp -T fields -e frame.number)"
line=$(run_bench http1 "$out/http1/"conn*.log)
add_row "HTTP/1.1 keep-alive (curl)" "$line" \
  "$(tshark_seconds "$out/http1.pcap" -d "tcp.port==$http_port,http" -Y "http.request || http.response" -T fields -e frame.number)" \
  "within tshark's start-up noise"
line=$(run_bench thrift "$out/thrift/"thrift*.log)
add_row "Thrift binary/compact × framed/unframed (Python thrift)" "$line" ""

{
  echo "Command: \`bench/rpc-decode.sh $seconds\` ($(date -u +%Y-%m-%d), release build, 2 cores)."
  echo "RPCDecode: \`rpc-bench\` replays the recorded conversations (chunks as they crossed the relay) through"
  echo "the protocol's incremental decoder for ${seconds} s, counting completed messages (requests, responses,"
  echo "stream messages, trailers). tshark 4.0: the pcap of the same bytes (relay-to-server leg) read with"
  echo "the matching dissector, display filter and field output; its start-up (the same command stopped"
  echo "after one packet) is subtracted. Compared on MB/s of TCP payload, the one unit both share; the"
  echo "captures are small, so tshark's figure carries a large relative error."
  echo
  echo "Allocations per message: heap allocations (malloc, calloc, realloc, aligned) counted by"
  echo "bench/malloc-count/malloc_count.c during one warm round, divided by the messages it completed; the"
  echo "sink only counts. Where they come from (heaptrack) and what was removed: docs/rpcdecode.md, \"Allocations"
  echo "per message\"; \`bench/rpc-allocations.sh\` holds gRPC to at most 1.5."
  echo
  echo "| traffic | conversation | RPCDecode msg/s | RPCDecode MB/s | allocations/msg | tshark MB/s | ratio (MB/s) |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | python3 "$root/bench/update-section.py" "## RPCDecode: decode throughput vs tshark" "$root/docs/benchmarks.md"
