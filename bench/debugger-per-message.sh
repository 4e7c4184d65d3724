#!/usr/bin/env bash
# What the debugger hooks cost per message on the enforcing core (docs/enforcer.md "Debugger
# hooks"), release build, away from the noise of the namespace benchmarks. enforcer-bench replays
# recorded traffic through an Enforcer in three states: no debugger hooks (plain), a session
# attached with no breakpoint (attached: every message with a request id is recorded for
# backtraces), and the same session with a breakpoint armed that does not match (armed): kv.Get /
# store.GET where key == "no-such-key", the very type of every message of the load, so each one is
# evaluated against it. Traffic, recorded by the loopback relay: 2000 kv.Get calls of the web
# forum (samples/webforum/kv_load.py → kv.py, a traceparent on each) and 20000 redis-benchmark GETs
# pipelined 16 deep. Instructions per message are counted by callgrind inside the replay alone,
# each state in its own process, with Swift's hashing seeded alike (SWIFT_DETERMINISTIC_HASHING):
# they do not move with the load on this shared VM. ns per message
# are timed too (the states alternating, fastest slice of each), and heap allocations counted.
# Writes a section of docs/benchmarks.md. Usage: bench/debugger-per-message.sh
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/lib/per-message-replays.sh
prepare_replays
key_is_not_there() { # service method → a MessagePattern (JSON): requests of it whose key is "no-such-key"
  printf '{"message": {"service": "%s", "method": "%s", "kind": "request"}, "when": {"op": "eq", "args": [{"op": "field", "path": "key", "type": "string"}, {"op": "const", "type": "string", "string": "no-such-key"}]}}' "$1" "$2"
}
rows=()
for traffic in kv redis; do
  if [ "$traffic" = kv ]; then
    args=("$work/webforum.json" frontend kv "$work"/kv-relay/conn*.log); pattern=$(key_is_not_there kv Get)
    label="gRPC kv.Get, a traceparent on every call"
  else
    # The client's address is outside the spec (the store is external); nothing is sent to it.
    args=("$work/benchmark.json" 127.0.0.2 store "$(redis_get_connection "$work/redis-relay")"); pattern=$(key_is_not_there store GET)
    label="redis GET, pipelined 16"
  fi
  timed=$(taskset -c 1 "$bin/enforcer-bench" "${args[@]}" --seconds 5 --armed "$pattern")
  counted=$(LD_PRELOAD="$work/malloc_count.so" "$bin/enforcer-bench" "${args[@]}" --seconds 0.2 --armed "$pattern")
  field() { sed -n "s/.*\\b$2=\\([0-9.]*\\).*/\\1/p" <<<"$1" | head -1; }
  ir=()
  for way in plain attached armed; do
    SWIFT_DETERMINISTIC_HASHING=1 taskset -c 1 valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=*EnforcerBenchAAV7enforce*' \
      --callgrind-out-file="$work/$traffic-$way.out" "$work/enforcer-bench" "${args[@]}" --seconds 0.5 --armed "$pattern" \
      --only "$way" > "$work/$traffic-$way.txt" 2>/dev/null
    ir+=("$(python3 bench/lib/instructions_per_message.py "$work/$traffic-$way.out" "$work/$traffic-$way.txt" "$way")")
  done
  rows+=("$(python3 - "$label" "${ir[@]}" "$(field "$timed" enforce_ns_per_message)" "$(field "$timed" attached_ns_per_message)" \
    "$(field "$timed" armed_ns_per_message)" "$(field "$counted" allocations_per_message)" \
    "$(field "$counted" attached_allocations_per_message)" "$(field "$counted" armed_allocations_per_message)" <<'PY'
import sys
label, ir, ns, allocations = sys.argv[1], [int(x) for x in sys.argv[2:5]], sys.argv[5:8], sys.argv[8:11]
def more(a, b): return f"{(a - b) / b * 100:+.1f}%"
print(f"| {label} | {ir[0]} | {ir[1]} ({more(ir[1], ir[0])}) | {ir[2]} ({more(ir[2], ir[0])}) | {more(ir[2], ir[1])} "
      f"| {' / '.join(ns)} | {' / '.join(allocations)} |")
PY
)")
done
{
  echo "Command: \`bench/debugger-per-message.sh\` ($(date -u +%Y-%m-%d)). enforcer-bench on CPU 1 replays, as recorded by the"
  echo "loopback relay, 2000 kv.Get calls of the web forum (a traceparent on each) and 20000 redis-benchmark GETs"
  echo "(-P 16) through an Enforcer with no debugger hooks (plain), with a debugger session attached and no"
  echo "breakpoint (attached: messages with a request id are recorded for backtraces), and with a breakpoint armed"
  echo "that does not match: kv.Get / store.GET where key == \"no-such-key\", the type of every request of the load."
  echo "Instructions per message: \`valgrind --tool=callgrind\`, collected inside the replay alone, each state in its"
  echo "own process, Swift's hashing seeded alike in all. ns per message: the states alternating in 5 slices, 5 s in all, fastest slice of each."
  echo
  echo "| traffic | instructions/message: plain | attached | armed | armed against attached | ns/message plain / attached / armed | allocations/message plain / attached / armed |"
  echo "|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | python3 bench/update-section.py "## Debugger: cost per message on the enforcing core"
