#!/usr/bin/env bash
# The enforcer's share of the switch's polling core, read with perf, so that the per-message cost
# of the debugger hooks on the enforcing core (bench/debugger-per-message.sh) can be read as a
# share of the switch: vswitch (release) enforcing specs/benchmark-cache.ucheck between namespaces
# a and b, redis-benchmark GET -P 16 saturating the core, perf sampling the switch for 5 s, with no
# debugger attached and with one attached (bench/debugger/control_client.py) that armed
# `store.GET where key == "no-such-key"`. The probe's test is inlined into the enforcer's check,
# so its cost is inside the enforcer's share. Writes a section of docs/benchmarks.md. Needs root.
# Usage: bench/profile-debugger.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/release-vswitch.sh
release_ucheck

source bench/lib/namespace-bench.sh
client="" load=""
stop_extras() { for p in "$client" "$load"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done; }
namespace_bench ucq 244
"$bin/ucheck" compile specs/benchmark-cache.ucheck -o "$work/benchmark.json" >/dev/null
config="enforcement_log: $work/violations.jsonl
applications:
  - name: benchmark
    spec: $work/benchmark.json
    services:
      - {name: store, address: $ipb, tcp_ports: [6379], protocol: redis}
control: {listen: 127.0.0.1:7070, token_file: $work/token}"
pattern='{"app": "benchmark", "message": {"service": "store", "method": "GET", "kind": "request"}, "when": {"op": "eq", "args": [{"op": "field", "path": "key", "type": "string"}, {"op": "const", "type": "string", "string": "no-such-key"}]}}'

profile() { # label, attach (yes/no) → a table row
  start_vswitch af_packet "$config"
  start_servers
  if [ "$2" = yes ]; then
    ip netns exec "$sw" taskset -c 0 python3 bench/debugger/control_client.py 127.0.0.1:7070 "$work/token" arm "$pattern" > "$work/client.out" 2>&1 &
    client=$!
    for _ in $(seq 100); do grep -q "^armed" "$work/client.out" && break; sleep 0.1; done
  fi
  in_a redis-benchmark -h "$ipb" -t get -n 100000000 -P 16 -q > /dev/null 2>&1 &
  load=$!
  sleep 1
  kill -0 "$load" 2>/dev/null || { echo "$1: redis-benchmark ended before the profile began" >&2; exit 1; }
  perf record -q -F 4000 -g -p "$datapath_pid" -o "$work/perf.data" -- sleep 5 2>/dev/null
  kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true; load=""
  if [ -n "$client" ]; then kill "$client" 2>/dev/null || true; wait "$client" 2>/dev/null || true; client=""; fi
  stop_servers
  stop_datapath
  perf report -i "$work/perf.data" --children --stdio --no-call-graph > "$work/perf.txt" 2>/dev/null
  share() { local s; s=$(grep -m1 "$1" "$work/perf.txt" | awk '{print $1}' || true); echo "${s:-not sampled}"; }
  echo "| $1 | $(share EnforcerAAC7consume) | $(share EnforcerAAC5check) |"
}

rows=("$(profile "no debugger attached" no)" "$(profile "debugger attached, breakpoint armed, not matching" yes)")
{
  echo "Command: \`bench/profile-debugger.sh\` ($(date -u +%Y-%m-%d)). vswitch (release, net_af_packet, polling core on CPU 1)"
  echo "enforcing specs/benchmark-cache.ucheck; redis-benchmark GET -P 16 from namespace a saturates the core; perf samples"
  echo "the switch for 5 s (4000 Hz, call graphs). Shares are of all the switch's samples, children included; the"
  echo "breakpoint is \`store.GET where key == \"no-such-key\"\`, on the very command of the load. The debugger's test of"
  echo "each message is inlined into \`Enforcer.check\`; bench/debugger-per-message.sh counts what it adds."
  echo
  echo "| configuration | Enforcer.consume (decode + checks) | Enforcer.check (checks, debugger's test) |"
  echo "|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | python3 bench/update-section.py "## Debugger: profile of an armed breakpoint"
