# Shell functions for the namespace benchmarks: one datapath at a time between namespaces a and b
# (scripts/lib/switched-hosts.sh, interfaces ${tag}s1 and ${tag}s2 in namespace $sw): vswitch,
# the plain C DPDK forwarder (bench/c/l2fwd.c, built by `make -C bench/c build/c-l2fwd`), Open
# vSwitch with DPDK, or a Linux bridge; stop_datapath removes whichever runs. Needs $tag,
# $sw, $work and $vswitch set, and datapath_pid="" before the first start: bench/lib/namespace-bench.sh
# sets them up and sources this file.
# in_a runs a command in namespace a on CPU 0; redis_get_ops N P prints redis-benchmark's GET ops/s
# against $ipb (N requests, P pipelined). start_servers starts a fresh web forum kv store
# (samples/webforum/kv.py, $ipb:50052) and redis-server ($ipb:6379) in namespace $b on CPU 0, so no
# measurement inherits a warmed-up or worn server; stop_servers stops them (PIDs in $servers).
# enforced_applications compiles specs/webforum.ucheck and specs/benchmark-cache.ucheck into $work
# (with $bin/ucheck) and prints the switch YAML enforcing them: the frontend at $ipa, auth at .3 of
# the same subnet, kv and the redis store at $ipb; violations to $work/violations.jsonl.
# write_kv_get_body writes $work/get.bin, the body h2load sends: a framed kv.GetRequest, key "post/1",
# and sets kv_get_call to h2load's arguments for calling kv.KV/Get on $ipb with it.
# start_datapath NAME starts one datapath by the name the benchmarks use — enforcing (the vswitch
# with $enforcing, from enforced_applications), off, cfwd, ovs or bridge — and datapath_label[NAME]
# is how their tables name it.
# start_vswitch writes the switch's stats to $work/stats.json every $stats_interval seconds if
# that is set (else only when it stops).
# Every DPDK datapath runs in a session of its own (`setsid`, which execs in place here, so $! is
# the datapath), as a switch daemon does and as Open vSwitch's --detach does: with the kernel's
# autogroup scheduling on (Debian's default), a polling thread started in the endpoints' session
# shares their task group, and that tips the saturated endpoints on CPU 0 into waking once per
# packet (docs/benchmarks.md, "Enforcer").
start_vswitch() { # driver [extra YAML lines]
  cat > "$work/sw.yaml" <<YAML
eal: ["--no-huge", "-m", "512", "--no-pci", "-l", "1", "--log-level=lib.eal:error"]
stats_interval: ${stats_interval:-0}
ports:
  - {name: a, interface: ${tag}s1, driver: $1}
  - {name: b, interface: ${tag}s2, driver: $1}
${2:-}
YAML
  ip netns exec "$sw" setsid "$vswitch" --config "$work/sw.yaml" --stats-json "$work/stats.json" > "$work/vswitch.log" 2>&1 &
  datapath_pid=$!
  await_forwarding "$work/vswitch.log"
}
start_c_forwarder() { # driver: bench/c/l2fwd.c, DPDK's receive and transmit with nothing between them
  ip netns exec "$sw" setsid bench/c/build/c-l2fwd --no-huge -m 512 --no-pci -l 1 --log-level=lib.eal:error \
    --vdev="net_${1}0,iface=${tag}s1" --vdev="net_${1}1,iface=${tag}s2" > "$work/c-l2fwd.log" 2>&1 &
  datapath_pid=$!
  await_forwarding "$work/c-l2fwd.log"
}
await_forwarding() { # log: waits until the DPDK datapath $datapath_pid says "forwarding on"; else shows its log
  for _ in $(seq 100); do kill -0 "$datapath_pid" 2>/dev/null || break; grep -q "forwarding on" "$1" && return 0; sleep 0.1; done
  cat "$1" >&2; return 1
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
# -g: this file is sourced inside namespace_bench, and the table must outlive that call.
declare -gA datapath_label=([enforcing]="vswitch, enforcing (web forum + benchmark-cache specs)" [off]="vswitch, no enforcement"
                            [cfwd]="C DPDK forwarder (bench/c/l2fwd.c)" [ovs]="Open vSwitch 3.1 DPDK" [bridge]="Linux bridge")
start_datapath() { # name (see datapath_label)
  case $1 in
    enforcing) start_vswitch af_packet "$enforcing" ;;
    off) start_vswitch af_packet ;;
    cfwd) start_c_forwarder af_packet ;;
    ovs) start_ovs af_packet && sleep 2 ;;
    bridge) start_bridge && sleep 1 ;;
  esac
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

# Per-run values, one line per measurement (run, datapath, column, value) in $runs_file, which
# bench/lib/paired_runs.py reads: a bench sets runs_file, records into it, and prints its tables.
record() { # run datapath column value: one measurement into $runs_file, unless the value is missing
  if [ -n "$4" ]; then printf '%s\t%s\t%s\t%s\n' "$@" >> "$runs_file"; fi
}
paired_tables() { # script: names $runs_file, then prints script's tables of it for the datapaths in ${datapaths[@]}
  local labels=() d
  for d in "${datapaths[@]}"; do labels+=("$d=${datapath_label[$d]}"); done
  echo "Per-run values: $runs_file."
  echo
  python3 "$1" "${labels[@]}" < "$runs_file"
}

median() { python3 -c "import sys, statistics; v=[float(x) for x in sys.argv[1:] if x]; print('%.2f' % statistics.median(v) if v else 'n/a')" "$@"; }
in_a() { ip netns exec "$a" taskset -c 0 "$@"; }
redis_get_ops() {
  in_a redis-benchmark -h "$ipb" -t get -n "$1" -P "$2" --csv -q \
    | python3 -c 'import sys,csv; print(next(r for r in csv.reader(sys.stdin) if r[0]=="GET")[1])'
}
servers=()
start_servers() {
  ip netns exec "$b" taskset -c 0 python3 samples/webforum/kv.py --listen "$ipb:50052" --log "$work/kv.calls" > "$work/kv.out" 2>&1 &
  servers=($!)
  for _ in $(seq 100); do grep -q "^ready" "$work/kv.out" && break; sleep 0.1; done
  ip netns exec "$b" taskset -c 0 redis-server --bind "$ipb" --port 6379 --save "" --appendonly no --protected-mode no >/dev/null 2>&1 &
  servers+=($!)
  for _ in $(seq 100); do [ "$(ip netns exec "$b" redis-cli -h "$ipb" ping 2>/dev/null)" = PONG ] && break; sleep 0.1; done
}
stop_servers() {
  for p in "${servers[@]}"; do kill "$p" 2>/dev/null || true; wait "$p" 2>/dev/null || true; done
  servers=()
}
enforced_applications() {
  "$bin/ucheck" compile specs/webforum.ucheck -o "$work/webforum.json" >/dev/null
  "$bin/ucheck" compile specs/benchmark-cache.ucheck -o "$work/benchmark.json" >/dev/null
  cat <<YAML
enforcement_log: $work/violations.jsonl
applications:
  - name: webforum
    spec: $work/webforum.json
    services:
      - {name: frontend, address: $ipa, tcp_ports: [8080], protocol: http}
      - {name: auth, address: ${ipb%.*}.3, tcp_ports: [50051], protocol: grpc}
      - {name: kv, address: $ipb, tcp_ports: [50052], protocol: grpc}
  - name: benchmark
    spec: $work/benchmark.json
    services:
      - {name: store, address: $ipb, tcp_ports: [6379], protocol: redis}
YAML
}
write_kv_get_body() {
  printf '\x00\x00\x00\x00\x08\x0a\x06post/1' > "$work/get.bin"
  kv_get_call=(-d "$work/get.bin" -H 'content-type: application/grpc' -H 'te: trailers' "http://$ipb:50052/kv.KV/Get")
}
