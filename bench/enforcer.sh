#!/usr/bin/env bash
# Benchmarks of the enforcer (docs/enforcer.md), release build, in one run:
# (a) Through each datapath between two namespaces — vswitch enforcing the web forum spec,
#     vswitch without enforcement, a plain C DPDK forwarder (bench/c/l2fwd.c: receive and
#     transmit, nothing between), Open vSwitch-DPDK, a Linux bridge (all over net_af_packet
#     where DPDK is used): a gRPC unary load (h2load → kv.KV/Get on the web forum's kv store,
#     Python grpcio, sent from the frontend's address so every message is checked: one
#     connection, 1 call in flight for latency percentiles, 16 for requests/s) and redis GETs on
#     redis-server, checked against specs/benchmark-cache.ucheck: latency from one client with one
#     request in flight (redis answers in microseconds, so the switch's added latency shows, where
#     the Python server's milliseconds hide it), and redis-benchmark ops/s (-P 1, -P 16).
#     RUNS runs, each measuring every datapath once in rotating order; medians.
# (b) ns per message of decoding alone vs decoding and checking (enforcer-bench) on kv traffic
#     recorded from the same client, and heap allocations per message.
# The switch's polling core is pinned to CPU 1, endpoints to CPU 0. Writes two sections of
# docs/benchmarks.md. Needs root. Usage: bench/enforcer.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source bench/release-vswitch.sh
swift build -c release --product ucheck 2>&1 | tail -1
swift build -c release --product enforcer-bench 2>&1 | tail -1
make -s -C bench/c build/c-l2fwd
bin="$(swift build -c release --show-bin-path)"

source bench/lib/namespace-bench.sh
pids=()
stop_extras() { for p in "${pids[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
namespace_bench uce 241

enforcing=$(enforced_applications)
write_kv_get_body

h2() { # calls in flight, requests → h2load output; per-request log in $work/h2.log
  in_a h2load -n "$2" -c 1 -m "$1" -d "$work/get.bin" -H 'content-type: application/grpc' -H 'te: trailers' \
    --log-file="$work/h2.log" "http://$ipb:50052/kv.KV/Get" 2>&1
}
percentile() { # p → µs from h2load's log (third column: request time in µs)
  python3 -c "import sys; v=sorted(int(l.split()[2]) for l in open(sys.argv[1]) if l.split()[1]=='200'); print(v[min(len(v)-1, int(len(v)*float(sys.argv[2])/100))] if v else '')" "$work/h2.log" "$1"
}
redis_latency() { # → "p50 p99" in µs of redis GETs from one client, one in flight
  in_a redis-benchmark -h "$ipb" -t get -n 20000 -c 1 -P 1 --csv -q \
    | python3 -c 'import sys,csv; r=next(r for r in csv.reader(sys.stdin) if r[0]=="GET"); print(round(float(r[4])*1000), round(float(r[6])*1000))'
}
# Packets the client's interface sent so far: per gRPC call, how many requests h2load batched per write.
client_packets() { ip netns exec "$a" cat /sys/class/net/eth0/statistics/tx_packets; }
datapaths=(enforcing off cfwd ovs bridge)
declare -A label=([enforcing]="vswitch, enforcing (web forum + benchmark-cache specs)" [off]="vswitch, no enforcement"
                  [cfwd]="C DPDK forwarder (bench/c/l2fwd.c)" [ovs]="Open vSwitch 3.1 DPDK" [bridge]="Linux bridge")
declare -A figures=()  # "datapath column" → the runs' values, space-separated
violations=0
start_datapath() {
  case $1 in
    enforcing) start_vswitch af_packet "$enforcing" ;;
    off) start_vswitch af_packet ;;
    cfwd) start_c_forwarder af_packet ;;
    ovs) start_ovs af_packet && sleep 2 ;;
    bridge) start_bridge && sleep 1 ;;
  esac
}
measure() { # datapath → one value of every column, added to $figures
  local d=$1 ok latency sent
  start_servers
  ok=$(h2 1 3000 | sed -n 's/.*requests: .* \([0-9]*\) succeeded.*/\1/p')
  if [ "$ok" = 3000 ]; then
    figures[$d grpc_p50]+=" $(percentile 50)"; figures[$d grpc_p99]+=" $(percentile 99)"
    sent=$(client_packets)
    figures[$d grpc_rps]+=" $(h2 16 20000 | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p')"
    figures[$d grpc_packets]+=" $(python3 -c "import sys; print(round((int(sys.argv[2]) - int(sys.argv[1])) / 20000, 2))" "$sent" "$(client_packets)")"
  else
    echo "$d: h2load: only ${ok:-0} of 3000 calls succeeded" >&2
  fi
  latency=$(redis_latency)
  figures[$d redis_p50]+=" ${latency% *}"; figures[$d redis_p99]+=" ${latency#* }"
  figures[$d redis_1]+=" $(redis_get_ops 50000 1)"
  figures[$d redis_16]+=" $(redis_get_ops 400000 16)"
  stop_servers
}
columns=(grpc_p50 grpc_p99 grpc_rps grpc_packets redis_p50 redis_p99 redis_1 redis_16)
# Round-robin: every run measures each datapath once, the order rotating from run to run, so
# drift in the shared machine's load falls on all datapaths alike.
for run in $(seq "$runs"); do
  for i in "${!datapaths[@]}"; do
    d=${datapaths[$(( (i + run - 1) % ${#datapaths[@]} ))]}
    echo "run $run: $d…" >&2
    if start_datapath "$d"; then measure "$d"; else echo "$d failed to start" >&2; fi
    if [ "$d" = enforcing ]; then violations=$(( violations + $(wc -l < "$work/violations.jsonl" 2>/dev/null || echo 0) )); rm -f "$work/violations.jsonl"; fi
    stop_datapath
  done
done
row() { # datapath → its table row of medians
  local d=$1 cells="" c
  for c in "${columns[@]}"; do cells+=" | $(median ${figures[$d $c]:-})"; done
  echo "| ${label[$d]}$cells |"
}

{
  echo "Command: \`bench/enforcer.sh $runs\` ($(date -u +%Y-%m-%d), median of $runs runs; each run measures every datapath"
  echo "once, in rotating order). Namespaces a (the web forum's frontend address) and b (kv: samples/webforum/kv.py,"
  echo "Python grpcio; redis-server, checked against specs/benchmark-cache.ucheck), one datapath between them (the DPDK"
  echo "ones over net_af_packet), its polling core on CPU 1, endpoints on CPU 0, fresh servers for each measurement."
  echo "The C DPDK forwarder (bench/c/l2fwd.c) is DPDK's receive and transmit over the same PMD with nothing between"
  echo "them: the least any DPDK datapath here does."
  echo "gRPC: h2load kv.KV/Get on one HTTP/2 connection, latency with 1 call in flight (3000 calls), requests/s with 16"
  echo "in flight (20000 calls), and the packets the client's interface sent during those calls, per call. Redis: GET"
  echo "latency from 1 client with 1 request in flight (20000 requests), ops/s from redis-benchmark's 50 clients, 1 or 16"
  echo "requests pipelined. Violations logged by the enforcing switch: $violations."
  echo
  echo "| datapath | gRPC unary p50 µs | p99 µs | gRPC requests/s | client packets per call | redis GET p50 µs | p99 µs | redis GET ops/s -P 1 | -P 16 |"
  echo "|---|---|---|---|---|---|---|---|---|"
  for d in "${datapaths[@]}"; do row "$d"; done
  echo
  echo "Ratios of the enforcing switch (latency: added µs; throughput: ×):"
  echo
  for d in "${datapaths[@]}"; do row "$d"; done | python3 -c '
import sys
rows = [[c.strip() for c in l.strip().strip("|").split("|")] for l in sys.stdin if l.strip()]
def nums(r):
    try: return [float(x) for i, x in enumerate(r[1:9]) if i != 3]
    except ValueError: return None
e, off, cfwd, ovs = (nums(rows[i]) for i in (0, 1, 2, 3))
print("| compared with | gRPC p50 added µs | p99 added µs | gRPC requests/s | redis p50 added µs | p99 added µs | redis -P 1 | redis -P 16 |")
print("|---|---|---|---|---|---|---|---|")
for name, base in (("no enforcement", off), ("the C DPDK forwarder", cfwd), ("Open vSwitch-DPDK", ovs)):
    if e and base:
        print(f"| {name} | {e[0]-base[0]:+.0f} | {e[1]-base[1]:+.0f} | {e[2]/base[2]:.2f}× | {e[3]-base[3]:+.0f} | {e[4]-base[4]:+.0f} | {e[5]/base[5]:.2f}× | {e[6]/base[6]:.2f}× |")
'
} | python3 bench/update-section.py "## Enforcer: web forum gRPC and redis through the enforcing switch"

# (b) Decode alone vs decode + checks, on recorded kv traffic (loopback relay).
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
python3 samples/webforum/kv.py --listen "127.0.0.1:$port" --log "$work/kv-loopback.calls" > "$work/kv2.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q "^ready" "$work/kv2.out" && break; sleep 0.1; done
mkdir -p "$work/relay"
python3 Tests/RPCDecodeTests/Peers/relay_command.py "$port" "$work/relay" -- python3 samples/webforum/kv_load.py '127.0.0.1:{port}' 2000
gcc -O2 -shared -fPIC -o "$work/malloc_count.so" bench/malloc-count/malloc_count.c
line=$(taskset -c 1 perf record -q -F 4000 -g -o "$work/perf.data" "$bin/enforcer-bench" "$work/webforum.json" frontend kv "$work"/relay/conn*.log --seconds 5)
# The stateless check (MessageCheck.run: restrictions, monitors, plausibility) read with the profiler:
# its share of the samples over the enforcer's share, times the enforcer's ns per message.
perf report -i "$work/perf.data" --children --stdio --no-call-graph > "$work/perf.txt" 2>/dev/null
share() { grep -m1 "$1" "$work/perf.txt" | awk '{print $1}' | tr -d %; }
field() { sed -n "s/.*$1=\([0-9.]*\).*/\1/p" <<<"$line"; }
enforce_ns=$(field enforce_ns_per_message)
consume_share=$(share EnforcerAAC7consume)
per_message() { python3 -c 'import sys; c, r, e = map(float, sys.argv[1:]); print(round(r / c * e))' "$consume_share" "$(share "$1")" "$enforce_ns"; }
stateless_ns=$(per_message MessageCheckV3run)
sink_ns=$(per_message EnforcerAAC5check)
allocations=$(LD_PRELOAD="$work/malloc_count.so" "$bin/enforcer-bench" "$work/webforum.json" frontend kv "$work"/relay/conn*.log --seconds 0.2 | sed -n 's/allocations_per_message=//p')
ghz=$(python3 -c "import re; t=open('/proc/cpuinfo').read(); m=re.search(r'@ ([0-9.]+)GHz', t) or re.search(r'cpu MHz\s*: ([0-9.]+)', t); v=float(m.group(1)); print(v if v < 100 else v/1000)")
{
  echo "Command: \`bench/enforcer.sh $runs\` ($(date -u +%Y-%m-%d)). enforcer-bench replays 2000 kv.Get calls of the web forum"
  echo "(samples/webforum/kv_load.py → kv.py, recorded by the loopback relay: $(field messages_per_round) messages per round) on CPU 1, 5 s,"
  echo "alternating slices of the gRPC decoder alone and the \`Enforcer\` (decode, classify, read fields, restrictions,"
  echo "monitors, plausibility), fastest slice of each, under \`perf record\`, whose samples give the stateless check's share."
  echo "Cycles are estimated as ns × the CPU's nominal ${ghz} GHz (no hardware counters on this machine)."
  echo
  echo "| path | ns/message | ≈ cycles/message | allocations/message |"
  echo "|---|---|---|---|"
  echo "| decode only (baseline) | $(field decode_ns_per_message) | $(python3 -c "print(round($(field decode_ns_per_message)*$ghz))") | |"
  echo "| decode + checks (enforcer) | $(field enforce_ns_per_message) | $(python3 -c "print(round($(field enforce_ns_per_message)*$ghz))") | $allocations |"
  echo "| checks alone (difference) | $(field checks_ns_per_message) | $(python3 -c "print(round($(field checks_ns_per_message)*$ghz))") | |"
  echo "| all per-message enforcement work (\`Enforcer.check\`: method lookup, field reads, checks, counters; perf share) | $sink_ns | $(python3 -c "print(round($sink_ns*$ghz))") | |"
  echo "| stateless check alone (\`MessageCheck.run\`, perf share; code the compiler inlined into its caller counts there) | $stateless_ns | $(python3 -c "print(round($stateless_ns*$ghz))") | |"
} | python3 bench/update-section.py "## Enforcer: cost of checking per message"
