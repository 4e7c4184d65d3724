#!/usr/bin/env bash
# bench/run-nf.sh — the NF runtime vs C on one core between two net_null vdevs, 64-byte frames.
#
# Builds nf-bench (release) and the C baselines (bench/c), runs every case RUNS times for
# SECONDS each, C and Swift back to back (order alternating per run, cases interleaved so
# machine noise spreads evenly), takes the median Mpps of each, and writes the table into
# docs/benchmarks.md under "## NF runtime vs C (net_null, 1 core, 64 B)", replacing only that
# section (bench/update-section.py). Raw result lines go to bench/out/.
# Usage: bench/run-nf.sh [RUNS [SECONDS]]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-5}
SECONDS_PER_RUN=${2:-5}
CASES=(forward macswap ipv4read ttl acl maglev flowmon)
HEADING="## NF runtime vs C (net_null, 1 core, 64 B)"
OUT=bench/out/nf-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

# What is measured: the commit, and which of the measured sources differ from it, at build time.
REVISION=$(git rev-parse --short HEAD)
UNCOMMITTED=$(git status --porcelain -- Sources/NFRuntime Sources/CDPDK samples/nfs bench/nf-bench bench/c |
    awk '{ print $NF }' | cut -d/ -f1-2 | sort -u | paste -sd, - | sed 's/,/, /g')
swift build -c release --product nf-bench
make -C bench/c
SWIFT_BIN=$(swift build -c release --product nf-bench --show-bin-path)/nf-bench

# eal PREFIX: the EAL arguments of every run (a unique file prefix each).
eal() {
    echo "--no-huge -m 512 --no-pci -l 0 --file-prefix=$1 --vdev=net_null0,size=64 --vdev=net_null1,size=64"
}

# run IMPL CASE N: one measurement; appends its result line to $OUT/results.txt.
run() {
    local impl=$1 case=$2 n=$3 prefix="nfbench-$$-$2-$3-$1" line
    if [[ $impl == swift ]]; then
        line=$("$SWIFT_BIN" "$case" --seconds "$SECONDS_PER_RUN" -- $(eal "$prefix") 2>"$OUT/$prefix.log" | grep '^case=')
    else
        local program=$case
        [[ $case == forward || $case == macswap || $case == ipv4read ]] && program=fwd
        line=$(bench/c/build/c-$program $(eal "$prefix") -- "$case" "$SECONDS_PER_RUN" 2>"$OUT/$prefix.log" | grep '^case=')
    fi
    rm -rf "/var/run/dpdk/$prefix"
    echo "$line" | tee -a "$OUT/results.txt"
}

for n in $(seq 1 "$RUNS"); do
    for case in "${CASES[@]}"; do
        if (( n % 2 )); then run c "$case" "$n"; run swift "$case" "$n"; else run swift "$case" "$n"; run c "$case" "$n"; fi
    done
done

# median CASE IMPL: the median Mpps of a case's runs.
median() {
    grep "^case=$1 impl=$2 " "$OUT/results.txt" | sed 's/.* mpps=\([0-9.]*\) .*/\1/' | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.3f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) vCPUs, shared),"
    echo "commit $REVISION${UNCOMMITTED:+ with uncommitted changes in $UNCOMMITTED},"
    echo "with \`bench/run-nf.sh $RUNS $SECONDS_PER_RUN\`: each case $RUNS × ${SECONDS_PER_RUN} s after 0.5 s of warm-up, median"
    echo "of received packets per second. EAL: \`$(eal '<unique>')\`. Swift: \`nf-bench CASE\`"
    echo "(\`swift build -c release\`, the runtime's \`CoreLoop\`); C: \`bench/c\` (gcc -O3 -march=corei7,"
    echo "DPDK 22.11). Every mbuf holds a valid Ethernet/IPv4/TCP frame (\`BenchTraffic\`); raw lines are"
    echo "in \`bench/out/\`. ns/packet is 1000 / Mpps; \"extra\" is Swift's minus C's."
    echo
    echo "| case | C Mpps | Swift Mpps | Swift / C | target | C ns/pkt | Swift ns/pkt | extra ns/pkt |"
    echo "|---|---:|---:|---:|---|---:|---:|---:|"
    for case in "${CASES[@]}"; do
        c=$(median "$case" c)
        s=$(median "$case" swift)
        target=0.90
        [[ $case == forward || $case == macswap || $case == ipv4read ]] && target=0.97
        awk -v k="$case" -v c="$c" -v s="$s" -v t="$target" 'BEGIN {
            r = s / c
            printf "| %s | %.2f | %.2f | %.2f | ≥ %.2f %s | %.1f | %.1f | %.1f |\n", k, c, s, r, t, (r >= t ? "met" : "**missed**"),
                1000 / c, 1000 / s, 1000 / s - 1000 / c }'
    done
} | python3 bench/update-section.py "$HEADING"
