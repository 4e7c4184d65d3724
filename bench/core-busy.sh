#!/usr/bin/env bash
# How much of its polling core each DPDK datapath spends on the enforcer's loads (release build):
# vswitch enforcing the web forum and benchmark-cache specs, vswitch without enforcement, and
# Open vSwitch-DPDK, each over net_af_packet between namespaces a and b, polling core on CPU 1,
# endpoints on CPU 0. A polling core is always at 100%; what differs is the share of its time in
# loop iterations that handled packets (busy). The vswitch reports it per core (`cores` in
# --stats-json); Open vSwitch as processing against idle cycles (`dpif-netdev/pmd-stats-show`),
# counted the same way, per iteration that received packets. For each load — h2load kv.KV/Get
# with 16 calls in flight, redis-benchmark GET -P 1 and -P 16 — the load starts, runs 1 s, and
# the busy share and busy ns per received packet are read over the next WINDOW seconds (while
# the load still runs); before the loads, with the servers idle, what one idle poll (a loop
# iteration that received nothing) costs over WINDOW seconds: the longest a packet arriving at an
# idle core waits (Open vSwitch's from `dpif-netdev/pmd-perf-show`). During each load's window,
# perf samples the datapath process's time: what of it is in the kernel (its transmit calls, in
# which the kernel delivers each frame into the receiving namespace's TCP stack), per packet; the
# busy ns less that is the datapath's own work. RUNS runs, each measuring every datapath once in
# rotating order; every value goes to docs/core-busy-runs.tsv, and bench/core-busy-tables.py gives the medians and the
# ns per packet enforcement adds, paired by run. Writes a section of docs/benchmarks.md and
# docs/core-busy-runs.tsv. Needs root. Usage: bench/core-busy.sh [RUNS] [WINDOW]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-5}
window=${2:-3}
source bench/release-vswitch.sh
release_ucheck

source bench/lib/namespace-bench.sh
load=""
stop_extras() { [ -z "$load" ] || { kill "$load" 2>/dev/null; wait "$load" 2>/dev/null; } || true; }
namespace_bench ucu 243
enforcing=$(enforced_applications)
write_kv_get_body
stats_interval=0.25

datapaths=(enforcing off ovs)
loads=(grpc redis_1 redis_16)
runs_file=docs/core-busy-runs.tsv  # one line per measurement: run, datapath, column, value

start_load() { # load: runs it from namespace a on CPU 0 until stopped ($load: its PID, as ip and taskset exec)
  case $1 in
    grpc) ip netns exec "$a" taskset -c 0 h2load -n 100000000 -c 1 -m 16 "${kv_get_call[@]}" > /dev/null 2>&1 & ;;
    redis_1) ip netns exec "$a" taskset -c 0 redis-benchmark -h "$ipb" -t get -n 1000000000 -P 1 -q > /dev/null 2>&1 & ;;
    redis_16) ip netns exec "$a" taskset -c 0 redis-benchmark -h "$ipb" -t get -n 1000000000 -P 16 -q > /dev/null 2>&1 & ;;
  esac
  load=$!
}
fresh_stats() { # → a copy of the vswitch's next stats file, in $work/stats.N
  local before now
  before=$(stat -c %y "$work/stats.json" 2>/dev/null || true)
  for _ in $(seq 100); do
    now=$(stat -c %y "$work/stats.json" 2>/dev/null || true)
    [ -n "$now" ] && [ "$now" != "$before" ] && break
    sleep 0.05
  done
  cp "$work/stats.json" "$work/stats.$1"
}
vswitch_window() { # [pid to sample] → "busy% busy-ns-per-packet packets-per-s idle-ns-per-poll" of the vswitch over $window seconds (no fourth without idle polls)
  fresh_stats 0
  window_sleep "${1:-}"
  fresh_stats 1
  python3 -c '
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
delta = lambda key, items="cores": sum(c[key] for c in b[items]) - sum(c[key] for c in a[items])
busy, seconds, packets = delta("busy_seconds"), delta("seconds"), delta("rx_packets", "ports")
polls = delta("iterations") - delta("busy_iterations")
print(f"{100 * busy / seconds:.1f} {busy * 1e9 / packets if packets else 0:.0f} {packets / seconds:.0f}" + (f" {(seconds - busy) * 1e9 / polls:.1f}" if polls else ""))' "$work/stats.0" "$work/stats.1"
}
sample_period_ns=200000  # perf's cpu-clock sample period: one sample per 200 µs of the process's CPU time
window_sleep() { # [pid]: waits $window s; given a process, perf samples it meanwhile
  [ -n "${1:-}" ] || { sleep "$window"; return; }
  rm -f "$work/kernel.data"
  perf record -q -e cpu-clock -c "$sample_period_ns" -p "$1" -o "$work/kernel.data" -- sleep "$window" > /dev/null 2>&1 \
    || { rm -f "$work/kernel.data"; sleep "$window"; }
}
kernel_ns_per_packet() { # packets/s → the sampled process's kernel time per second, per packet (nothing without samples)
  [ -f "$work/kernel.data" ] || return 0
  perf report -i "$work/kernel.data" --stdio --sort dso -F sample,dso 2>/dev/null \
    | awk -v pps="$1" -v window="$window" -v period="$sample_period_ns" '/\[kernel\.kallsyms\]/ { if (pps > 0) printf "%.0f\n", $1 * period / window / pps }'
}
ovs_appctl() { ovs-appctl -t "$ovs_dir/ovs-vswitchd-dpdk.$(cat "$ovs_dir/vswitchd.pid").ctl" "$@"; }
measure_window() { # datapath → "busy% ns/packet kernel-ns/packet" over $window seconds of the running load
  local start end share ns pps
  if [ "$1" = ovs ]; then
    start=$(date +%s%N)
    ovs_appctl dpif-netdev/pmd-stats-clear
    window_sleep "$(cat "$ovs_dir/vswitchd.pid")"
    ovs_appctl dpif-netdev/pmd-stats-show > "$work/pmd-stats"
    end=$(date +%s%N)
    # Busy ns: the processing cycles' share of the window's cycles, times the window.
    read -r share ns pps < <(python3 -c '
import re, sys
text = open(sys.argv[1]).read()
count = lambda name: sum(int(n) for n in re.findall(name + r": (\d+)", text))
packets, idle, busy = count("packets received"), count("(?:idle|polling) cycles"), count("processing cycles")
share, seconds = busy / (busy + idle), (int(sys.argv[3]) - int(sys.argv[2])) / 1e9
print(f"{100 * share:.1f} {share * seconds * 1e9 / packets if packets else 0:.0f} {packets / seconds:.0f}")' "$work/pmd-stats" "$start" "$end")
  else
    read -r share ns pps _ < <(vswitch_window "$datapath_pid")
  fi
  echo "$share $ns $(kernel_ns_per_packet "$pps")"
}
measure_idle() { # datapath → ns per idle poll (a loop iteration that received nothing) over $window seconds
  if [ "$1" = ovs ]; then
    ovs_appctl dpif-netdev/pmd-stats-clear
    sleep "$window"
    ovs_appctl dpif-netdev/pmd-perf-show > "$work/pmd-perf"
    # The idle iterations' share of the PMD's used cycles, over the measured time, per idle iteration.
    python3 -c '
import re, sys
text = open(sys.argv[1]).read()
duration = float(re.search(r"Measurement duration: ([0-9.]+) s", text).group(1))
used = float(re.search(r"Used TSC cycles: +\d+ +\( *([0-9.]+) %", text).group(1)) / 100
idle, share = re.search(r"idle iterations: +(\d+) +\( *([0-9.]+) %", text).groups()
print(f"{duration * 1e9 * used * float(share) / 100 / int(idle):.1f}" if int(idle) else "")' "$work/pmd-perf"
  else
    vswitch_window | cut -d" " -f4
  fi
}

rm -f "$runs_file"
for run in $(seq "$runs"); do
  for i in "${!datapaths[@]}"; do
    d=${datapaths[$(( (i + run - 1) % ${#datapaths[@]} ))]}
    echo "run $run: $d…" >&2
    start_datapath "$d"
    start_servers
    record "$run" "$d" idle_poll_ns "$(measure_idle "$d")"
    for l in "${loads[@]}"; do
      start_load "$l"
      sleep 1
      kill -0 "$load" 2>/dev/null || { echo "$d: the $l load ended before its window" >&2; exit 1; }
      read -r share ns kernel < <(measure_window "$d")
      [ -n "${ns:-}" ] || { echo "$d: no figures for the $l load" >&2; exit 1; }
      record "$run" "$d" "${l}_busy" "$share"; record "$run" "$d" "${l}_ns" "$ns"; record "$run" "$d" "${l}_kernel_ns" "$kernel"
      kill "$load" 2>/dev/null || true; wait "$load" 2>/dev/null || true; load=""
    done
    stop_servers
    stop_datapath
  done
done

{
  echo "Command: \`bench/core-busy.sh $runs $window\` ($(date -u +%Y-%m-%d), $runs runs; each run measures every"
  echo "datapath once, in rotating order). Namespaces a and b, one datapath between them over net_af_packet, its polling"
  echo "core on CPU 1, endpoints on CPU 0. Each load runs 1 s, then the polling core's busy share (time in loop iterations"
  echo "that handled packets: the vswitch's \`cores\` stats, Open vSwitch's processing cycles from"
  echo "\`dpif-netdev/pmd-stats-show\`, their share of the window's cycles times the window) and the busy ns per"
  echo "received packet are read over $window s while it still runs. Loads as in bench/enforcer.sh: h2load kv.KV/Get, 16 calls"
  echo "in flight on one connection; redis-benchmark GET from 50 clients, 1 or 16 pipelined. Before the loads, with the"
  echo "servers idle, the ns of one idle poll (a loop iteration that received nothing) over $window s: the vswitch's idle"
  echo "time over its idle iterations (\`iterations\`, \`busy_iterations\` in its stats), Open vSwitch's idle iterations'"
  echo "share of its cycles over their number (\`dpif-netdev/pmd-perf-show\`). Over each load's window, perf samples the"
  echo "datapath process every $((sample_period_ns / 1000)) µs of its CPU time (\`perf record -e cpu-clock -c $sample_period_ns -p\`): its samples in the"
  echo "kernel, per second and per received packet, are its kernel ns per packet; the busy ns less those are its own work."
  echo
  paired_tables bench/core-busy-tables.py
} | python3 bench/update-section.py "## Enforcer: the polling core's busy time"
