#!/usr/bin/env bash
# Benchmarks of the enforcer (docs/enforcer.md), release build, in one run:
# (a) Through each datapath between two namespaces — vswitch enforcing the web forum spec,
#     vswitch without enforcement, a plain C DPDK forwarder (bench/c/l2fwd.c: receive and
#     transmit, nothing between), Open vSwitch-DPDK, a Linux bridge (all over net_af_packet
#     where DPDK is used): a gRPC unary load (h2load → kv.KV/Get on the web forum's kv store,
#     Python grpcio, sent from the frontend's address so every message is checked: one
#     connection, 1 call in flight for latency percentiles, 16 for requests/s) and redis GETs on
#     redis-server, checked against specs/benchmark-cache.ucheck: latency from one client with one
#     request in flight, and redis-benchmark ops/s (-P 1, -P 16).
#     During each throughput load, the endpoints' core's idle share (/proc/stat): when it is
#     near 0 under every datapath, the endpoints, not the datapath, set the throughput.
#     RUNS runs, each measuring every datapath once in rotating order; every value goes to
#     docs/enforcer-runs.tsv, and bench/enforcer-tables.py turns them into medians and the
#     enforcing switch's per-run ratios to each baseline.
# (b) bench/enforcer-checks.sh: ns (and cycles) per message of decoding alone vs decoding and
#     checking, and of the stateless check, on recorded kv.Get and redis GET traffic.
# The switch's polling core is pinned to CPU 1, endpoints to CPU 0. Writes two sections of
# docs/benchmarks.md and docs/enforcer-runs.tsv. Needs root. Usage: bench/enforcer.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source bench/release-vswitch.sh
release_ucheck
swift build -c release --product enforcer-bench 2>&1 | tail -1
make -s -C bench/c build/c-l2fwd

source bench/lib/namespace-bench.sh
namespace_bench uce 241

enforcing=$(enforced_applications)
write_kv_get_body

h2() { # calls in flight, requests, [more h2load options] → h2load output
  in_a h2load -n "$2" -c 1 -m "$1" "${@:3}" "${kv_get_call[@]}" 2>&1
}
# Only the latency run keeps h2load's per-request log, and always in a new file: when h2load
# rewrote the 20000-line log of an earlier run (on ext4 here), its p50 with one call in flight went
# from about 0.4 to 4–5 ms, and stayed there until the file was removed.
h2_logged() { # calls in flight, requests → h2load output; per-request log in $work/h2.log
  rm -f "$work/h2.log"
  h2 "$1" "$2" --log-file="$work/h2.log"
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
# The endpoints' core (CPU 0) from /proc/stat: idle and iowait ticks, and all ticks, so far.
# (printf "%.0f": mawk prints numbers past 2^31 in exponent form.)
cpu0_ticks() { awk '/^cpu0 /{ printf "%.0f %.0f\n", $5 + $6, $2 + $3 + $4 + $5 + $6 + $7 + $8 + $9 }' /proc/stat; }
cpu0_idle_since() { # "idle total" ticks of an earlier cpu0_ticks → CPU 0's idle % since then
  python3 -c 'import sys; i0, t0, i1, t1 = map(int, sys.argv[1:]); print(f"{100 * (i1 - i0) / (t1 - t0):.1f}" if t1 > t0 else "")' $1 $(cpu0_ticks)
}
datapaths=(enforcing off cfwd ovs bridge)
violations=0
runs_file=docs/enforcer-runs.tsv  # one line per measurement: run, datapath, column, value
measure() { # run datapath → one value of every column, recorded
  local r=$1 d=$2 ok latency sent ticks
  start_servers
  ok=$(h2_logged 1 3000 | sed -n 's/.*requests: .* \([0-9]*\) succeeded.*/\1/p')
  if [ "$ok" = 3000 ]; then
    record "$r" "$d" grpc_p50 "$(percentile 50)"; record "$r" "$d" grpc_p99 "$(percentile 99)"
    sent=$(client_packets)
    ticks=$(cpu0_ticks)
    record "$r" "$d" grpc_rps "$(h2 16 20000 | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p')"
    record "$r" "$d" grpc_rps_cpu0_idle "$(cpu0_idle_since "$ticks")"
    record "$r" "$d" grpc_packets "$(python3 -c "import sys; print(round((int(sys.argv[2]) - int(sys.argv[1])) / 20000, 2))" "$sent" "$(client_packets)")"
  else
    echo "$d: h2load: only ${ok:-0} of 3000 calls succeeded" >&2
  fi
  latency=$(redis_latency)
  record "$r" "$d" redis_p50 "${latency% *}"; record "$r" "$d" redis_p99 "${latency#* }"
  ticks=$(cpu0_ticks)
  record "$r" "$d" redis_1 "$(redis_get_ops 100000 1)"
  record "$r" "$d" redis_1_cpu0_idle "$(cpu0_idle_since "$ticks")"
  ticks=$(cpu0_ticks)
  record "$r" "$d" redis_16 "$(redis_get_ops 800000 16)"
  record "$r" "$d" redis_16_cpu0_idle "$(cpu0_idle_since "$ticks")"
  stop_servers
}
rm -f "$runs_file"
# Round-robin: every run measures each datapath once, the order rotating from run to run, so
# drift in the shared machine's load falls on all datapaths alike.
for run in $(seq "$runs"); do
  for i in "${!datapaths[@]}"; do
    d=${datapaths[$(( (i + run - 1) % ${#datapaths[@]} ))]}
    echo "run $run: $d…" >&2
    if start_datapath "$d"; then measure "$run" "$d"; else echo "$d failed to start" >&2; fi
    if [ "$d" = enforcing ]; then violations=$(( violations + $(wc -l < "$work/violations.jsonl" 2>/dev/null || echo 0) )); rm -f "$work/violations.jsonl"; fi
    stop_datapath
  done
done
{
  echo "Command: \`bench/enforcer.sh $runs\` ($(date -u +%Y-%m-%d), median of $runs runs; each run measures every datapath"
  echo "once, in rotating order). Namespaces a (the web forum's frontend address) and b (kv: samples/webforum/kv.py,"
  echo "Python grpcio; redis-server, checked against specs/benchmark-cache.ucheck), one datapath between them (the DPDK"
  echo "ones over net_af_packet), its polling core on CPU 1, endpoints on CPU 0, fresh servers for each measurement."
  echo "The C DPDK forwarder (bench/c/l2fwd.c) is DPDK's receive and transmit over the same PMD with nothing between"
  echo "them: the least any DPDK datapath here does."
  echo "gRPC: h2load kv.KV/Get on one HTTP/2 connection, latency with 1 call in flight (3000 calls), requests/s with 16"
  echo "in flight (20000 calls), and the packets the client's interface sent during those calls, per call. Redis: GET"
  echo "latency from 1 client with 1 request in flight (20000 requests), ops/s from redis-benchmark's 50 clients, 1"
  echo "request (100000 requests) or 16 pipelined (800000). Violations logged by the enforcing switch: $violations."
  echo "During each throughput measurement, the endpoints' core (CPU 0) idle share from /proc/stat (idle and iowait"
  echo "ticks over all ticks, from just before the load starts to just after it ends)."
  echo
  paired_tables bench/enforcer-tables.py
} | python3 bench/update-section.py "## Enforcer: web forum gRPC and redis through the enforcing switch"

# (b) What checking costs per message, on recorded traffic.
bench/enforcer-checks.sh
