#!/usr/bin/env bash
# bench/run-reassembly.sh — TCP reassembly throughput of the runtime's window on one core,
# beside a plain memcpy of the same payload bytes in the same run, in order and with 10% of
# the segments reordered; allocations per segment counted by the preloaded bench/malloc-count.
#
# Builds reassembly-bench (release) and bench/malloc-count (the allocation counter rpc-bench
# preloads too), runs each case RUNS
# times (SECONDS of measurement each for window and memcpy) with connections of 1 MiB (frames
# stay in cache, as frames a switch just received are) and 32 MiB (frames come from memory),
# checksums verified, and in order with checksums trusted (as when a NIC verified them) for
# comparison; takes the medians and writes the table into docs/benchmarks.md under
# "## TCP reassembly vs memcpy (1 core)" (bench/update-section.py). Raw lines go to bench/out/.
# Usage: bench/run-reassembly.sh [RUNS [SECONDS]]
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${1:-5}
SECONDS_PER_RUN=${2:-3}
HEADING="## TCP reassembly vs memcpy (1 core)"
OUT=bench/out/reassembly-$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"

REVISION=$(git rev-parse --short HEAD)
UNCOMMITTED=$(git status --porcelain -- Sources/NFRuntime bench/reassembly-bench | awk '{ print $NF }' | paste -sd, - | sed 's/,/, /g')
swift build -c release --product reassembly-bench
mkdir -p bench/out
gcc -O2 -shared -fPIC -o bench/out/malloc_count.so bench/malloc-count/malloc_count.c
BIN=$(swift build -c release --product reassembly-bench --show-bin-path)/reassembly-bench
PRELOAD=$PWD/bench/out/malloc_count.so

# The cases: "MEGABYTES REORDER-EVERY [--trust-checksums]".
CASES=("1 0" "1 10" "32 0" "32 10" "1 0 --trust-checksums" "32 0 --trust-checksums")
for n in $(seq 1 "$RUNS"); do
    for c in "${CASES[@]}"; do
        set -- $c
        LD_PRELOAD=$PRELOAD taskset -c 1 "$BIN" --megabytes "$1" --reorder-every "$2" ${3:-} --seconds "$SECONDS_PER_RUN" |
            tee -a "$OUT/results.txt"
    done
done

# median CASE FIELD
median() {
    grep "^case=$1 " "$OUT/results.txt" | sed "s/.* $2=\([0-9.]*\).*/\1/" | sort -g |
        awk '{ v[NR] = $1 } END { if (NR % 2) print v[(NR + 1) / 2]; else printf "%.4f\n", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

{
    echo "Measured $(date -u '+%Y-%m-%d %H:%M UTC') on $(lscpu | sed -n 's/^Model name: *//p') ($(nproc) vCPUs, shared),"
    echo "commit $REVISION${UNCOMMITTED:+ with uncommitted changes in $UNCOMMITTED},"
    echo "with \`bench/run-reassembly.sh $RUNS $SECONDS_PER_RUN\`: median of $RUNS runs, each ${SECONDS_PER_RUN} s of"
    echo "window and ${SECONDS_PER_RUN} s of memcpy, pinned to one core. One connection after another, each"
    echo "1 MiB (frames stay in cache) or 32 MiB (frames come from memory) of client data in 1448-byte"
    echo "segments with the server's ACK after every second"
    echo "segment, built once in memory (\`reassembly-bench\`, release): parse Ethernet/IPv4/TCP → \`window\`"
    echo "(checksums verified unless \"trusted\", frames kept by reference until acknowledged) → a consumer that counts"
    echo "bytes → drop. GB/s counts payload bytes; segments/s counts data segments (the ACKs are"
    echo "processed too). memcpy copies the same payloads, segment by segment, into one buffer."
    echo "Allocations: heap allocations during the measured passes (LD_PRELOAD \`bench/malloc-count\`)"
    echo "divided by data segments. Raw lines in \`bench/out/\`."
    echo
    echo "| case | window GB/s | window Msegments/s | memcpy GB/s | window / memcpy | target | allocations / segment |"
    echo "|---|---:|---:|---:|---:|---|---:|"
    for c in in-order-1MiB reordered-1-in-10-1MiB in-order-32MiB reordered-1-in-10-32MiB in-order-trusted-1MiB in-order-trusted-32MiB; do
        g=$(median "$c" gbps); m=$(median "$c" msegments); mc=$(median "$c" memcpy_gbps); r=$(median "$c" ratio)
        a=$(median "$c" allocations_per_segment)
        target="—"
        [[ $c == in-order-1MiB || $c == in-order-32MiB ]] && target=$(awk -v r="$r" 'BEGIN { print (r >= 0.5 ? "≥ 0.5 met" : "≥ 0.5 **missed**") }')
        echo "| $c | $g | $m | $mc | $r | $target | $a |"
    done
} | python3 bench/update-section.py "$HEADING"
