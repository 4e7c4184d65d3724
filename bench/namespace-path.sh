#!/usr/bin/env bash
# Benchmark (c) of the runtime issue: two namespaces joined through one datapath at a time —
# vswitch over net_af_packet, vswitch over net_af_xdp, Open vSwitch with DPDK on the same
# af_packet ports, and a Linux bridge — measuring TCP throughput (iperf3), request/response
# latency (sockperf ping-pong, p50/p99) and redis-benchmark ops/s (-P 1 and -P 16).
# Release build; RUNS runs per figure (default 3), median. The switch's polling core is pinned to
# CPU 1 (vswitch -l 1, OVS pmd-cpu-mask 0x2), the endpoints to CPU 0. Writes its table into
# docs/benchmarks.md. Needs root. Usage: bench/namespace-path.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
source bench/release-vswitch.sh

source scripts/lib/switched-hosts.sh
tag="ucb$$"; sw="$tag-sw"; a="$tag-a"; b="$tag-b"
ipb=10.77.240.2
work=$(mktemp -d)
datapath_pid=""
cleanup() {
  stop_datapath || true
  remove_switched_hosts "$tag" a b
  rm -rf "$work"
}
trap cleanup EXIT INT TERM

switched_hosts "$tag" 240 a b

start_vswitch() { # driver
  cat > "$work/sw.yaml" <<YAML
eal: ["--no-huge", "-m", "512", "--no-pci", "-l", "1", "--log-level=lib.eal:error"]
stats_interval: 0
ports:
  - {name: a, interface: ${tag}s1, driver: $1}
  - {name: b, interface: ${tag}s2, driver: $1}
YAML
  ip netns exec "$sw" "$vswitch" --config "$work/sw.yaml" > "$work/vswitch.log" 2>&1 &
  datapath_pid=$!
  for _ in $(seq 100); do grep -q "forwarding on" "$work/vswitch.log" && return 0; kill -0 $datapath_pid 2>/dev/null || break; sleep 0.1; done
  cat "$work/vswitch.log" >&2; return 1
}

ovs_dir="$work/ovs"
ovs() { ovs-vsctl --db="unix:$ovs_dir/db.sock" "$@"; }
start_ovs() { # driver (af_packet or af_xdp)
  local driver=$1
  mkdir -p "$ovs_dir"
  export OVS_RUNDIR="$ovs_dir" OVS_DBDIR="$ovs_dir" OVS_LOGDIR="$ovs_dir"
  ovsdb-tool create "$ovs_dir/conf.db" /usr/share/openvswitch/vswitch.ovsschema
  ovsdb-server "$ovs_dir/conf.db" --remote="punix:$ovs_dir/db.sock" --pidfile="$ovs_dir/ovsdb.pid" --detach --log-file="$ovs_dir/ovsdb.log"
  ovs --no-wait init
  ovs --no-wait set Open_vSwitch . other_config:dpdk-init=true \
    other_config:dpdk-extra="--no-huge --legacy-mem -m 1024 --no-pci --file-prefix=$tag-ovs" \
    other_config:pmd-cpu-mask=0x2 other_config:dpdk-lcore-mask=0x1
  ip netns exec "$sw" /usr/lib/openvswitch-switch-dpdk/ovs-vswitchd-dpdk "unix:$ovs_dir/db.sock" \
    --pidfile="$ovs_dir/vswitchd.pid" --detach --log-file="$ovs_dir/vswitchd.log"
  ovs add-br br0 -- set bridge br0 datapath_type=netdev
  ovs add-port br0 pa -- set Interface pa type=dpdk "options:dpdk-devargs=net_${driver}0,iface=${tag}s1"
  ovs add-port br0 pb -- set Interface pb type=dpdk "options:dpdk-devargs=net_${driver}1,iface=${tag}s2"
  datapath_pid="ovs"
}
start_bridge() {
  ip -n "$sw" link add br0 type bridge
  ip -n "$sw" link set "${tag}s1" master br0
  ip -n "$sw" link set "${tag}s2" master br0
  ip -n "$sw" link set br0 up
  datapath_pid="bridge"
}
stop_datapath() {
  case "$datapath_pid" in
    "") ;;
    ovs)
      [ -f "$ovs_dir/vswitchd.pid" ] && kill "$(cat "$ovs_dir/vswitchd.pid")" 2>/dev/null || true
      sleep 1
      [ -f "$ovs_dir/ovsdb.pid" ] && kill "$(cat "$ovs_dir/ovsdb.pid")" 2>/dev/null || true
      for dev in br0 ovs-netdev; do ip -n "$sw" link del "$dev" 2>/dev/null || true; done
      rm -rf /var/run/dpdk/"$tag-ovs" "$ovs_dir" ;;
    bridge)
      ip -n "$sw" link set "${tag}s1" nomaster; ip -n "$sw" link set "${tag}s2" nomaster
      ip -n "$sw" link del br0 ;;
    *) kill -TERM "$datapath_pid" 2>/dev/null || true; wait "$datapath_pid" 2>/dev/null || true ;;
  esac
  datapath_pid=""
}

median() { python3 -c "import sys, statistics; v=[float(x) for x in sys.argv[1:] if x]; print('%.2f' % statistics.median(v) if v else 'n/a')" "$@"; }
in_a() { ip netns exec "$a" taskset -c 0 "$@"; }
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
    r1+=("$(in_a redis-benchmark -h "$ipb" -t get -n 50000 -P 1 --csv -q | python3 -c 'import sys,csv; print(next(r for r in csv.reader(sys.stdin) if r[0]=="GET")[1])')")
    r16+=("$(in_a redis-benchmark -h "$ipb" -t get -n 400000 -P 16 --csv -q | python3 -c 'import sys,csv; print(next(r for r in csv.reader(sys.stdin) if r[0]=="GET")[1])')")
    kill $s 2>/dev/null; wait $s 2>/dev/null || true
  done
  echo "| $label | $(median "${gbit[@]}") | $(median "${p50[@]}") | $(median "${p99[@]}") | $(median "${r1[@]}") | $(median "${r16[@]}") |"
}

rows=()
echo "vswitch (af_packet)…" >&2; if start_vswitch af_packet; then rows+=("$(measure "vswitch, net_af_packet")"); else rows+=("| vswitch, net_af_packet | failed to start | | | | |"); fi; stop_datapath
echo "vswitch (af_xdp)…" >&2; if start_vswitch af_xdp; then rows+=("$(measure "vswitch, net_af_xdp")"); else rows+=("| vswitch, net_af_xdp | failed to start: $(grep -m1 -i error "$work/vswitch.log" | tr '|' '/') | | | | |"); fi; stop_datapath
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
} | tee /dev/stderr | python3 bench/update-section.py "## Namespace path: vswitch vs Open vSwitch-DPDK vs Linux bridge"
