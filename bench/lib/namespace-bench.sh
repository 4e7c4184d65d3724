# The set-up the namespace benchmarks share. Source this file, then call
#   namespace_bench PREFIX SUBNET
# It makes namespaces $a and $b joined by the switch namespace $sw (scripts/lib/switched-hosts.sh,
# $ipa = 10.77.SUBNET.1, $ipb = 10.77.SUBNET.2; $tag is PREFIX and this shell's PID), a work
# directory $work, and sources bench/lib/datapaths.sh. On exit it stops what the script still
# runs: a `stop_extras` function if the script defines one, the servers in $servers, the datapath;
# then it removes the namespaces and $work.
source scripts/lib/switched-hosts.sh

namespace_bench() {
  tag="$1$$"; sw="$tag-sw"; a="$tag-a"; b="$tag-b"
  ipa=10.77.$2.1 ipb=10.77.$2.2
  work=$(mktemp -d)
  datapath_pid=""
  trap namespace_bench_cleanup EXIT INT TERM
  switched_hosts "$tag" "$2" a b
  source bench/lib/datapaths.sh
}

namespace_bench_cleanup() {
  if declare -F stop_extras >/dev/null; then stop_extras || true; fi
  for p in "${servers[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  stop_datapath || true
  remove_switched_hosts "$tag" a b
  rm -rf "$work"
}
