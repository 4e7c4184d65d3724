#!/usr/bin/env bash
# Benchmarks of the debugger hooks (docs/control-api.md), release build, in one run:
# (a) Throughput through vswitch enforcing the web forum and benchmark-cache specs between two
#     namespaces, in four configurations measured in turn within each run (so drift hits all
#     alike): without the control API (the baseline), with it but no debugger attached, with a
#     debugger attached but no breakpoint (it records every message with a request id, for
#     backtraces), and with breakpoints armed that do not match (kv.Get where key ==
#     "no-such-key", store.GET where key == "no-such-key": every message of the load is of their
#     type and evaluated against them). Load: h2load kv.KV/Get (16 calls in flight, every call
#     with a traceparent) and redis-benchmark GET -P 1 and -P 16. RUNS runs, median.
# (b) Latency to notify a hit: a watchpoint on kv.Get where key == "post/1", HITS single calls;
#     µs from the switch's time stamp on the event to its arrival at a client in the switch's
#     namespace. And a breakpoint that holds the same calls, continued by the client as soon as
#     the stop arrives: the calls' latency against the same calls with no breakpoint.
# bench/debugger-per-message.sh measures the same debugger states per message on the enforcing
# core alone, where this VM's noise does not reach.
# The switch's polling core is pinned to CPU 1, endpoints to CPU 0. Writes a section of
# docs/benchmarks.md. Needs root. Usage: bench/debugger.sh [RUNS] [HITS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
hits=${2:-200}
source bench/release-vswitch.sh
release_ucheck

source bench/lib/namespace-bench.sh
client=""
stop_extras() { [ -z "$client" ] || detach; }
namespace_bench ucd 242

applications=$(enforced_applications)
control="control: {listen: 127.0.0.1:7070, token_file: $work/token}"
string_is() { # app service method field value → a MessagePattern (JSON) picking requests whose field equals value
  printf '{"app": "%s", "message": {"service": "%s", "method": "%s", "kind": "request"}, "when": {"op": "eq", "args": [{"op": "field", "path": "%s", "type": "%s"}, {"op": "const", "type": "%s", "string": "%s"}]}}' \
    "$1" "$2" "$3" "$4" "$6" "$6" "$5"
}
nomatch_kv=$(string_is webforum kv Get key no-such-key string)
nomatch_redis=$(string_is benchmark store GET key no-such-key string)
probe_kv=$(string_is webforum kv Get key post/1 string)

write_kv_get_body
traceparent="traceparent: 00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
attach() { # control_client arguments → starts it in the switch namespace, waits for "armed"
  ip netns exec "$sw" taskset -c 0 python3 bench/debugger/control_client.py 127.0.0.1:7070 "$work/token" "$@" > "$work/client.out" 2>&1 &
  client=$!
  for _ in $(seq 100); do grep -q "^armed" "$work/client.out" && return 0; sleep 0.1; done
  cat "$work/client.out" >&2; return 1
}
detach() { kill "$client" 2>/dev/null || true; wait "$client" 2>/dev/null || true; client=""; }
grpc_rps() {
  in_a h2load -n 20000 -c 1 -m 16 -H "$traceparent" "${kv_get_call[@]}" 2>&1 | sed -n 's/^finished in .*, \([0-9.]*\) req\/s.*/\1/p'
}
single_calls() { # N → µs of N single kv.Get calls, one per line (h2load's per-request log)
  for _ in $(seq "$1"); do
    in_a h2load -n 1 -c 1 -H "$traceparent" --log-file="$work/one.log" "${kv_get_call[@]}" >/dev/null 2>&1
    awk '{print $3}' "$work/one.log"
  done
}
stats() { # → "p50 / p99" of the numbers on stdin
  python3 -c 'import sys; v=sorted(float(x) for x in sys.stdin if x.strip()); print(f"{v[len(v)//2]:.0f} / {v[min(len(v)-1, int(len(v)*0.99))]:.0f}" if v else "n/a")'
}

labels=("vswitch enforcing, no control API" "control API on, no debugger attached" "debugger attached, no breakpoint"
        "debugger attached, non-matching breakpoints armed")
declare -A grpc r1 r16
for run in $(seq "$runs"); do
  for config in 0 1 2 3; do
    echo "run $run: ${labels[$config]}…" >&2
    extra="$applications"
    [ "$config" -gt 0 ] && extra+=$'\n'"$control"
    start_vswitch af_packet "$extra"
    [ "$config" -eq 2 ] && attach arm
    [ "$config" -eq 3 ] && attach arm "$nomatch_kv" "$nomatch_redis"
    start_servers
    grpc[$config]+=" $(grpc_rps)"
    r1[$config]+=" $(redis_get_ops 50000 1)"
    r16[$config]+=" $(redis_get_ops 400000 16)"
    stop_servers
    [ "$config" -ge 2 ] && detach
    stop_datapath
  done
done

echo "notify latency…" >&2
start_vswitch af_packet "$applications"$'\n'"$control"
start_servers
plain=$(single_calls "$hits" | stats)
attach latency "$hits" notify "$probe_kv"
single_calls "$hits" >/dev/null
sleep 0.5
notify=$(grep -v "^armed" "$work/client.out" | stats)
detach
attach latency "$hits" hold "$probe_kv"
held=$(single_calls "$hits" | stats)
detach
stop_servers
stop_datapath
violations=$(wc -l < "$work/violations.jsonl" 2>/dev/null || echo 0)

{
  echo "Command: \`bench/debugger.sh $runs $hits\` ($(date -u +%Y-%m-%d), median of $runs runs; the four configurations"
  echo "take turns within each run). Namespaces a and b (kv: samples/webforum/kv.py, Python grpcio; redis-server),"
  echo "vswitch over net_af_packet enforcing specs/webforum.ucheck and specs/benchmark-cache.ucheck, its polling core"
  echo "on CPU 1, endpoints and the debugger client (bench/debugger/control_client.py) on CPU 0. gRPC: h2load"
  echo "kv.KV/Get with a traceparent, 16 calls in flight on one connection, 20000 calls. Violations logged: $violations."
  echo
  echo "| configuration | gRPC requests/s | redis GET ops/s -P 1 | -P 16 |"
  echo "|---|---|---|---|"
  for config in 0 1 2 3; do
    # shellcheck disable=SC2086
    echo "| ${labels[$config]} | $(median ${grpc[$config]}) | $(median ${r1[$config]}) | $(median ${r16[$config]}) |"
  done
  echo
  python3 - "$(median ${grpc[0]})" "$(median ${r1[0]})" "$(median ${r16[0]})" "$(median ${grpc[2]})" "$(median ${r1[2]})" \
    "$(median ${r16[2]})" "$(median ${grpc[3]})" "$(median ${r1[3]})" "$(median ${r16[3]})" <<'PY'
import sys
v = [float(x) for x in sys.argv[1:]]
base, attached, armed = v[0:3], v[3:6], v[6:9]
names = ("gRPC", "redis -P 1", "redis -P 16")
for label, reference in (("a debugger attached with no breakpoint", attached), ("no control API", base)):
    print(f"Armed non-matching breakpoints against {label}: "
          + ", ".join(f"{n} {a / b:.3f}×" for n, a, b in zip(names, armed, reference)) + ".")
    print()
PY
  echo "Hits ($hits single kv.Get calls, each a new h2load connection; p50 / p99):"
  echo
  echo "| measurement | µs |"
  echo "|---|---|"
  echo "| notify latency: switch's event time stamp → event at the client (watchpoint) | $notify |"
  echo "| call latency, no breakpoint | $plain |"
  echo "| call latency, held by a breakpoint and continued by the client at once | $held |"
} | python3 bench/update-section.py "## Debugger: armed breakpoints and hit notification"
