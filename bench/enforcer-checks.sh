#!/usr/bin/env bash
# What checking costs per message on the enforcing core (docs/enforcer.md), release build, away
# from the noise of the namespace benchmarks. enforcer-bench replays recorded traffic
# (bench/lib/per-message-replays.sh) on CPU 1 through the protocol's decoder alone (the baseline) and
# through the Enforcer (decode, classify, read fields, restrictions, monitors, plausibility),
# alternating slices, the fastest slice of each counting, under `perf record`, whose samples give
# the shares of `Enforcer.check` (all per-message enforcement work) and `MessageCheck.run` (the
# stateless check, given the message's fields). Two loads:
#   - gRPC kv.Get of the web forum (specs/webforum.ucheck): its checks need no field, so they
#     pass on the fast path (two bit tests);
#   - redis GET against specs/benchmark-cache.ucheck: each GET request evaluates the predicate
#     `c.key starts with "key:"`; the replies pass on the fast path.
# callgrind counts the instructions of `MessageCheck.run` (inclusive) and of the predicate's
# evaluation in the same replay (each in its own process, Swift's hashing seeded alike), and
# malloc_count.c the heap allocations per message. ns become cycles at the clock bench/c/core-clock.c
# measures on CPU 1 just before each replay (this VM has no hardware counters, and the core runs
# above its nominal clock). Writes a section of docs/benchmarks.md.
# Usage: bench/enforcer-checks.sh [SECONDS of replay under perf, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-10}
source bench/lib/per-message-replays.sh
prepare_replays
make -s -C bench/c build/core-clock
nominal=$(python3 -c "import re; t=open('/proc/cpuinfo').read(); m=re.search(r'@ ([0-9.]+)GHz', t) or re.search(r'cpu MHz\s*: ([0-9.]+)', t); v=float(m.group(1)); print(v if v < 100 else v/1000)")

rows=()
clocks=()
for traffic in kv redis; do
  if [ "$traffic" = kv ]; then
    args=("$work/webforum.json" frontend kv "$work"/kv-relay/conn*.log)
    label="gRPC kv.Get (web forum): no field read, fast path"
  else
    # The client's address is outside the spec (the store is external); nothing is sent to it.
    args=("$work/benchmark.json" 127.0.0.2 store "$(redis_get_connection "$work/redis-relay")")
    label="redis GET (benchmark-cache): \`key starts with \"key:\"\` on every request"
  fi
  ghz=$(taskset -c 1 bench/c/build/core-clock 1)
  clocks+=("$ghz")
  line=$(taskset -c 1 perf record -q -F 4000 -g -o "$work/perf.data" "$bin/enforcer-bench" "${args[@]}" --seconds "$seconds")
  perf report -i "$work/perf.data" --children --stdio --no-call-graph > "$work/perf.txt" 2>/dev/null
  SWIFT_DETERMINISTIC_HASHING=1 taskset -c 1 valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=*EnforcerBenchAAV7enforce*' \
    --callgrind-out-file="$work/$traffic.out" "$work/enforcer-bench" "${args[@]}" --seconds 0.5 --only plain > "$work/$traffic.txt" 2>/dev/null
  allocations=$(LD_PRELOAD="$work/malloc_count.so" "$bin/enforcer-bench" "${args[@]}" --seconds 0.2 | sed -n 's/allocations_per_message=//p')
  rows+=("$(python3 - "$label" "$ghz" "$line" "$work/perf.txt" "$allocations" \
    "$(python3 bench/lib/callgrind_function.py "$work/$traffic.out" 'MessageCheckV3run')" \
    "$(python3 bench/lib/callgrind_function.py "$work/$traffic.out" 'PredicateProgramV5holds.*4node__.*GtF$')" \
    "$(sed -n 's/.*messages_per_round=\([0-9]*\).*/\1/p' "$work/$traffic.txt") $(sed -n 's/^rounds plain=//p' "$work/$traffic.txt")" <<'PY'
import re, sys
label, ghz, line, perf, allocations = sys.argv[1], float(sys.argv[2]), sys.argv[3], open(sys.argv[4]).read(), sys.argv[5]
run_ir, run_calls = map(int, sys.argv[6].split())
predicate_ir, predicate_calls = map(int, sys.argv[7].split())
per_round, rounds = map(int, sys.argv[8].split())
messages = per_round * rounds
field = lambda name: float(re.search(rf"\b{name}=([0-9.]+)", line).group(1))
share = lambda symbol: float(re.search(rf"^\s*([0-9.]+)%.*{symbol}", perf, re.M).group(1))
decode, enforce = field("decode_ns_per_message"), field("enforce_ns_per_message")
# A function's share of the samples over the enforcer's share, times the enforcer's ns per message.
per_message = lambda symbol: share(symbol) / share("EnforcerAAC7consume") * enforce
check, run = per_message("EnforcerAAC5check"), per_message("MessageCheckV3run")
# The messages that evaluated a predicate carry all of MessageCheck.run's time: an upper bound.
evaluating = predicate_calls / messages
per_evaluating = f"{run / evaluating:.1f} ns ≈ {run / evaluating * ghz:.0f} cycles" if evaluating else "none evaluates one"
instructions = f"{run_ir / run_calls:.0f} / " + (f"{run_ir / predicate_calls:.0f} / {predicate_ir / predicate_calls:.0f}" if predicate_calls else "– / –")
cycles = lambda ns: f"{ns:.0f} ({ns * ghz:.0f})" if ns >= 10 else f"{ns:.1f} ({ns * ghz:.0f})"
print(f"| {label} | {cycles(decode)} | {cycles(enforce)} | {cycles(enforce - decode)} | {cycles(check)} | {cycles(run)} "
      f"| {evaluating:.2f}: {per_evaluating} | {instructions} | {allocations} |")
PY
)")
done
{
  echo "Command: \`bench/enforcer-checks.sh $seconds\` ($(date -u +%Y-%m-%d)). enforcer-bench on CPU 1 replays, as recorded by the"
  echo "loopback relay, 2000 kv.Get calls of the web forum (samples/webforum/kv_load.py → kv.py) and 20000 redis-benchmark"
  echo "GETs (-P 16) on redis-server, alternating slices of the decoder alone and the \`Enforcer\` (decode, classify, read"
  echo "fields, restrictions, monitors, plausibility) for $seconds s under \`perf record\`; ns per message from the fastest slice"
  echo "of each, and for \`Enforcer.check\` and \`MessageCheck.run\` (the stateless check, given the fields) their share of"
  echo "the samples over the enforcer's. Cycles (in brackets) are ns × the clock of CPU 1 that bench/c/core-clock.c measured"
  echo "just before each replay (${clocks[0]} and ${clocks[1]} GHz; nominal ${nominal} GHz): this VM has no hardware counters."
  echo "Instructions: callgrind in the same replay, inclusive, per call."
  echo
  echo "| traffic | decode only (baseline) ns (cycles) | decode + checks | checks (difference) | \`Enforcer.check\` (perf share) | \`MessageCheck.run\` per message (perf share) | messages evaluating a predicate: \`MessageCheck.run\` per such message, upper bound | instructions: \`MessageCheck.run\` per call / per message evaluating a predicate, upper bound / the predicate's evaluation | allocations/message |"
  echo "|---|---|---|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | python3 bench/update-section.py "## Enforcer: cost of checking per message"
