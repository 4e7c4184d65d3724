# Shell functions for the demo and the benchmarks: "containers" as network namespaces joined
# only through a switch namespace by veth pairs. Source this file.
#
# switched_hosts TAG SUBNET NAME...
#   Creates namespace TAG-sw and, for the i-th NAME (from 1), namespace TAG-NAME whose eth0
#   (10.77.SUBNET.i/24) is paired with interface TAGs<i> in TAG-sw. IPv6 is off (no stray
#   traffic); transmit checksum offload is off on eth0 (af_packet/af_xdp never complete partial
#   checksums). Uses only addresses inside the namespaces it creates.
# switched_hosts_at TAG NAME=ADDRESS/PREFIX...
#   The same with each host's address given (e.g. the addresses a spec's services are at).
# remove_switched_hosts TAG NAME...
#   Deletes those namespaces (and with them the veths).
switched_hosts() {
  local tag=$1 subnet=$2; shift 2
  local i=0 name specs=()
  for name in "$@"; do
    i=$((i + 1))
    specs+=("$name=10.77.$subnet.$i/24")
  done
  switched_hosts_at "$tag" "${specs[@]}"
}

switched_hosts_at() {
  local tag=$1; shift
  ip netns add "$tag-sw"
  ip netns exec "$tag-sw" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  ip -n "$tag-sw" link set lo up
  local i=0 spec name ns
  for spec in "$@"; do
    i=$((i + 1))
    name=${spec%%=*}
    ns="$tag-$name"
    ip netns add "$ns"
    ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1
    ip link add "${tag}s$i" netns "$tag-sw" type veth peer name eth0 netns "$ns"
    ip -n "$tag-sw" link set "${tag}s$i" up
    ip -n "$ns" addr add "${spec#*=}" dev eth0
    ip -n "$ns" link set eth0 up
    ip -n "$ns" link set lo up
    ip netns exec "$ns" ethtool -K eth0 tx off >/dev/null
  done
}

remove_switched_hosts() {
  local tag=$1; shift
  local name
  for name in "$@"; do ip netns del "$tag-$name" 2>/dev/null || true; done
  ip netns del "$tag-sw" 2>/dev/null || true
}
