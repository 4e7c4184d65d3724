#!/usr/bin/env bash
# Reads the vswitch hot path with a profiler: two namespaces through a release vswitch (default
# PMD, polling core pinned to CPU 1), an iperf3 transfer, and `perf record -e cpu-clock -g` on the
# switch for SECONDS (default 4). Writes the share of samples per binary and the switch's top
# user-space symbols into docs/benchmarks.md. (Hardware counters are not available on these VMs,
# so this samples the CPU clock.) Needs root. Usage: bench/profile-vswitch.sh [SECONDS]
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-4}
source bench/release-vswitch.sh
source scripts/lib/switched-hosts.sh
tag="ucp$$"; work=$(mktemp -d); pid=""
cleanup() {
  [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null && wait "$pid" 2>/dev/null || true
  remove_switched_hosts "$tag" a b
  rm -rf "$work"
}
trap cleanup EXIT INT TERM
switched_hosts "$tag" 241 a b
cat > "$work/sw.yaml" <<YAML
eal: ["--no-huge", "-m", "512", "--no-pci", "-l", "1", "--log-level=lib.eal:error"]
stats_interval: 0
ports:
  - {name: a, interface: ${tag}s1}
  - {name: b, interface: ${tag}s2}
YAML
ip netns exec "$tag-sw" "$vswitch" --config "$work/sw.yaml" > "$work/vswitch.log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q "forwarding on" "$work/vswitch.log" && break; sleep 0.1; done
ip netns exec "$tag-b" iperf3 -s -1 >/dev/null 2>&1 &
sleep 0.5
ip netns exec "$tag-a" taskset -c 0 iperf3 -c 10.77.241.2 -t $((seconds + 4)) >/dev/null &
client=$!
sleep 2
perf record -q -e cpu-clock -g -p "$pid" -o "$work/perf.data" -- sleep "$seconds" 2>/dev/null
wait "$client" 2>/dev/null || true
{
  echo "Command: \`bench/profile-vswitch.sh $seconds\` ($(date -u +%Y-%m-%d)): \`perf record -e cpu-clock\` on the release vswitch (default PMD) while iperf3 runs between two namespaces."
  echo
  echo "Samples per binary (the kernel share is the veth/XDP path and the receiving TCP stack, which run in the switch's context):"
  echo
  echo '```'
  perf report -i "$work/perf.data" --no-children --sort dso --stdio 2>/dev/null | grep -E '^ +[0-9]' | head -8
  echo '```'
  echo
  echo "Top user-space symbols of the switch (Swift names demangled; \`specialized\` = a generic specialised for the switch's graph):"
  echo
  echo '```'
  perf report -i "$work/perf.data" --no-children --dsos vswitch,libswiftCore.so --sort dso,sym --stdio 2>/dev/null \
    | grep -E '^ +[0-9]' | head -12 | swift demangle --simplified | cut -c1-160
  echo '```'
} | python3 bench/update-section.py "## vswitch hot path profile"
