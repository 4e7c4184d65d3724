#!/usr/bin/env bash
# Benchmark (c) of the runtime issue: two namespaces joined through one datapath at a time —
# vswitch over net_af_packet, vswitch over net_af_xdp, the plain C DPDK forwarder
# (bench/c/l2fwd.c) over net_af_packet, Open vSwitch with DPDK on the same ports, and a Linux
# bridge — measuring TCP throughput (iperf3), request/response
# latency (sockperf ping-pong, p50/p99) and redis-benchmark ops/s (-P 1 and -P 16).
# Release build; RUNS runs per figure (default 3), median. The switch's polling core is pinned to
# CPU 1 (vswitch -l 1, OVS pmd-cpu-mask 0x2), the endpoints to CPU 0. Writes its table into
# docs/benchmarks.md. Needs root. Usage: bench/namespace-path.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source bench/release-vswitch.sh
make -s -C bench/c build/c-l2fwd

source bench/lib/namespace-bench.sh
namespace_bench ucb 240

# serve CMD…: starts a server in b in the background; `exec` makes $! the server itself, not a subshell.
serve() { exec ip netns exec "$b" taskset -c 0 "$@"; }

measure() { # label → one table row
  local label=$1
  in_a ping -c 3 -i 0.2 -W 2 "$ipb" >/dev/null || { echo "| $label | no connectivity | | | | |"; return; }
  local gbit=() p50=() p99=() r1=() r16=()
  for _ in $(seq "$runs"); do
    serve iperf3 -s -1 -B "$ipb" >/dev/null 2>&1 & local s=$!; sleep 0.3
    gbit+=("$(in_a iperf3 -c "$ipb" -t 5 -J | python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"]/1e9)')")
    wait $s || true
    serve sockperf server --tcp -i "$ipb" -p 11111 >/dev/null 2>&1 & s=$!; sleep 0.3
    local out; out=$(in_a sockperf ping-pong --tcp -i "$ipb" -p 11111 -t 5 --full-rtt 2>&1 || true)
    kill $s 2>/dev/null; wait $s 2>/dev/null || true
    p50+=("$(sed -n 's/.*percentile 50.000 = *\([0-9.]*\).*/\1/p' <<<"$out")")
    p99+=("$(sed -n 's/.*percentile 99.000 = *\([0-9.]*\).*/\1/p' <<<"$out")")
    serve redis-server --bind "$ipb" --port 6379 --save "" --appendonly no --protected-mode no >/dev/null 2>&1 & s=$!; sleep 0.5
    r1+=("$(redis_get_ops 50000 1)")
    r16+=("$(redis_get_ops 400000 16)")
    kill $s 2>/dev/null; wait $s 2>/dev/null || true
  done
  echo "| $label | $(median "${gbit[@]}") | $(median "${p50[@]}") | $(median "${p99[@]}") | $(median "${r1[@]}") | $(median "${r16[@]}") |"
}

rows=()
echo "vswitch (af_packet)…" >&2; if start_vswitch af_packet; then rows+=("$(measure "vswitch, net_af_packet")"); else rows+=("| vswitch, net_af_packet | failed to start | | | | |"); fi; stop_datapath
echo "vswitch (af_xdp)…" >&2; if start_vswitch af_xdp; then rows+=("$(measure "vswitch, net_af_xdp")"); else rows+=("| vswitch, net_af_xdp | failed to start: $(grep -m1 -i error "$work/vswitch.log" | tr '|' '/') | | | | |"); fi; stop_datapath
echo "C DPDK forwarder (af_packet)…" >&2; if start_c_forwarder af_packet; then rows+=("$(measure "C DPDK forwarder (bench/c/l2fwd.c), net_af_packet")"); else rows+=("| C DPDK forwarder, net_af_packet | failed to start | | | | |"); fi; stop_datapath
echo "Open vSwitch-DPDK (af_packet)…" >&2; start_ovs af_packet; sleep 2; rows+=("$(measure "Open vSwitch 3.1 DPDK, net_af_packet")"); stop_datapath
echo "Open vSwitch-DPDK (af_xdp)…" >&2; start_ovs af_xdp; sleep 2; rows+=("$(measure "Open vSwitch 3.1 DPDK, net_af_xdp")"); stop_datapath
echo "Linux bridge…" >&2; start_bridge; sleep 1; rows+=("$(measure "Linux bridge")"); stop_datapath

{
  echo "Command: \`bench/namespace-path.sh $runs\` ($(date -u +%Y-%m-%d), median of $runs runs). Two namespaces, one datapath between them;"
  echo "the datapath's polling core pinned to CPU 1, the endpoints to CPU 0; tx checksum offload off on the namespace veths."
  echo
  echo "| datapath | iperf3 Gbit/s | sockperf TCP RTT p50 µs | p99 µs | redis GET ops/s -P 1 | -P 16 |"
  echo "|---|---|---|---|---|---|"
  printf '%s\n' "${rows[@]}"
} | python3 bench/update-section.py "## Namespace path: vswitch vs Open vSwitch-DPDK vs Linux bridge"
