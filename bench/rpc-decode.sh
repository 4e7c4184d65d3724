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
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT

# gRPC
port=$(free_port)
mkdir -p "$out/grpc"
GRPC_PEER_REPEAT=200 python3 "$peers/capture.py" "$port" "$out/grpc.pcap" -- \
  python3 "$peers/grpc_peer.py" "$fixtures" "$out/grpc" "$port" >/dev/null
protoc --descriptor_set_out="$out/store.pb" --include_imports -I"$fixtures" "$fixtures/store.proto"
grpc_port=$port

# Redis
port=$(free_port)
redis-server --port "$port" --bind 127.0.0.1 --save "" --appendonly no >/dev/null & pids+=($!)
sleep 0.5
mkdir -p "$out/redis"
python3 "$peers/capture.py" "$port" "$out/redis.pcap" -- python3 "$peers/relay_command.py" "$port" "$out/redis" -- \
  redis-benchmark -p '{port}' -n 20000 -c 1 -P 16 -t set,get -q >/dev/null
redis_port=$port

# HTTP/1.1
port=$(free_port)
python3 "$peers/http_server.py" "$port" & pids+=($!)
sleep 0.5
mkdir -p "$out/http1"
python3 "$peers/capture.py" "$port" "$out/http1.pcap" -- python3 "$peers/relay_command.py" "$port" "$out/http1" -- \
  curl -s "http://127.0.0.1:{port}/item/[1-3000]" >/dev/null
http_port=$port

# Thrift: the peer opens its own servers on free ports; capture all loopback Thrift by relay log
# only, and for tshark one binary framed connection recorded by pcap below.
mkdir -p "$out/thrift"
THRIFT_PEER_REPEAT=400 python3 "$peers/thrift_peer.py" "$fixtures/inventory.thrift" "$out/thrift" >/dev/null

run_bench() { "$bench" "$@" --seconds "$seconds"; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p"; }
time_tshark() {
  local start end
  start=$(date +%s.%N)
  local count
  count=$(tshark -r "$@" 2>/dev/null | wc -l)
  end=$(date +%s.%N)
  echo "$count $(python3 -c "print($end - $start)")"
}

rows=()
add_row() { # name bench-line tshark-count tshark-seconds bytes-in-pcap-payload
  local name="$1" line="$2" tcount="$3" tsecs="$4"
  local msgs secs rate mb
  rate=$(echo "$line" | field msg_per_s); mb=$(echo "$line" | field mb_per_s)
  local trate
  trate=$(python3 -c "print(f'{$tcount / $tsecs:.0f}')")
  rows+=("| $name | $rate | $mb | $trate ($tcount msgs in ${tsecs:0:5} s) | $(python3 -c "print(f'{$rate / ($tcount / $tsecs):.0f}x')") |")
}

line=$(run_bench grpc "$out/grpc/conn0.log")
read -r tc ts < <(time_tshark "$out/grpc.pcap" -d "tcp.port==$grpc_port,http2" -Y grpc -T fields -e grpc.message_length -E occurrence=a)
add_row "gRPC (HTTP/2, HPACK, gzip)" "$line" "$tc" "$ts"
line=$(run_bench grpc "$out/grpc/conn0.log" --schema "$out/store.pb")
read -r tc ts < <(time_tshark "$out/grpc.pcap" -d "tcp.port==$grpc_port,http2" -Y grpc -O protobuf \
  -o 'uat:protobuf_search_paths:"'"$fixtures"'","TRUE"' -o protobuf.preload_protos:TRUE -o protobuf.pbf_as_hf:TRUE -T fields -e grpc.message_length)
add_row "gRPC + full protobuf decode" "$line" "$tc" "$ts"
line=$(run_bench redis "$out/redis/"conn*.log)
read -r tc ts < <(time_tshark "$out/redis.pcap" -d "tcp.port==$redis_port,resp" -Y resp -T fields -e frame.number)
add_row "Redis RESP (pipelined)" "$line" "$tc" "$ts"
line=$(run_bench http1 "$out/http1/"conn*.log)
read -r tc ts < <(time_tshark "$out/http1.pcap" -d "tcp.port==$http_port,http" -Y "http.request || http.response" -T fields -e frame.number)
add_row "HTTP/1.1 (keep-alive)" "$line" "$tc" "$ts"
line=$(run_bench thrift "$out/thrift/"thrift*.log)
add_row_thrift() { rows+=("| Thrift (4 protocol/transport mixes) | $(echo "$line" | field msg_per_s) | $(echo "$line" | field mb_per_s) | — (relay logs only) | — |"); }
add_row_thrift

{
  echo "Command: \`bench/rpc-decode.sh $seconds\` ($(date -u +%Y-%m-%d), release build, 2 cores)."
  echo "RPCDecode: \`rpc-bench\` replays the recorded conversations (chunks as they crossed the relay) through the"
  echo "protocol's incremental decoder for ${seconds} s and counts completed messages (requests, responses,"
  echo "stream messages, trailers). tshark: the same traffic's pcap (the relay-to-server leg), read with the"
  echo "matching dissector and display filter, timed with wall clock including tshark's start-up; tshark's"
  echo "count is of frames/messages its filter shows, so compare rates, not counts."
  echo
  echo "| traffic | RPCDecode msg/s | RPCDecode MB/s | tshark msg/s | ratio |"
  echo "|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | tee /dev/stderr | python3 "$root/bench/update-section.py" "## RPCDecode: decode throughput vs tshark" "$root/docs/benchmarks.md"
