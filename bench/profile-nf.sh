#!/usr/bin/env bash
# bench/profile-nf.sh — exact instructions per packet of every bench/run-nf.sh case, Swift and C,
# counted by valgrind's callgrind (these VMs have no hardware counters, so perf cannot count
# instructions). Swift: collection only inside CoreLoop.run; C: main's inclusive count minus its
# set-up callees; both divided by the packets received. Writes the table, with Swift's largest
# costs by function, under "## NF runtime vs C: instructions per packet (callgrind)" in
# docs/benchmarks.md. Usage: bench/profile-nf.sh [SECONDS] (default 2; valgrind is ~40× slower)
set -euo pipefail
cd "$(dirname "$0")/.."

SECONDS_PER_RUN=${1:-2}
CASES=(forward macswap ipv4read ttl acl maglev flowmon)
REVISION=$(git rev-parse --short HEAD)
UNCOMMITTED=$(git status --porcelain -- Sources/NFRuntime Sources/CDPDK samples/nfs bench/nf-bench bench/c |
    awk '{ print $NF }' | cut -d/ -f1-2 | sort -u | paste -sd, - | sed 's/,/, /g')
swift build -c release --product nf-bench 2>&1 | tail -1
make -C bench/c >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF 5 debug info swiftc emits; the symbol table is enough.
objcopy --strip-debug "$(swift build -c release --product nf-bench --show-bin-path)/nf-bench" "$work/nf-bench"

for case in "${CASES[@]}"; do
    for impl in c swift; do
        prefix="nfprofile-$$-$case-$impl"
        eal=(--no-huge -m 512 --no-pci -l 0 --file-prefix="$prefix" --vdev=net_null0,size=64 --vdev=net_null1,size=64)
        if [[ $impl == swift ]]; then
            valgrind --tool=callgrind --collect-atstart=no '--toggle-collect=*CoreLoopV3run5until*' \
                --callgrind-out-file="$work/$impl-$case.out" \
                "$work/nf-bench" "$case" --seconds "$SECONDS_PER_RUN" --warmup 0 -- "${eal[@]}" 2>/dev/null
        else
            program=$case
            [[ $case == forward || $case == macswap || $case == ipv4read ]] && program=fwd
            valgrind --tool=callgrind --callgrind-out-file="$work/$impl-$case.out" \
                "bench/c/build/c-$program" "${eal[@]}" -- "$case" "$SECONDS_PER_RUN" 0 2>/dev/null
        fi | grep '^case=' >"$work/$impl-$case.line"
        rm -rf "/var/run/dpdk/$prefix"
    done
done

{
    echo "Counted $(date -u '+%Y-%m-%d %H:%M UTC'), commit $REVISION${UNCOMMITTED:+ with uncommitted changes in $UNCOMMITTED},"
    echo "with \`bench/profile-nf.sh $SECONDS_PER_RUN\`: \`valgrind --tool=callgrind\` on the \`bench/run-nf.sh\` cases;"
    echo "Swift collected only inside \`CoreLoop.run\`, C as \`main\` minus its set-up, each divided by the"
    echo "packets received. \"Largest costs\" are Swift's own instructions per packet by function."
    echo
    python3 - "$work" "${CASES[@]}" <<'PY'
import collections, re, subprocess, sys

work, cases = sys.argv[1], sys.argv[2:]

def annotate(path, inclusive):
    out = subprocess.run(["callgrind_annotate", "--tree=none", "--threshold=100",
                          f"--inclusive={'yes' if inclusive else 'no'}", path],
                         capture_output=True, text=True, check=True).stdout
    return [(int(m.group(1).replace(",", "")), m.group(2))
            for m in (re.match(r"\s*([\d,]+) \([ \d.]+%\)\s+(.*)", l) for l in out.splitlines()) if m]

def packets(impl, case):
    rx = int(re.search(r" rx=(\d+)", open(f"{work}/{impl}-{case}.line").read()).group(1))
    # A 0-second warm-up still runs one loop iteration in C, 64 in CoreLoop (its stop check).
    return rx + (32 if impl == "c" else 64 * 32)

def demangle(names):
    out = subprocess.run(["swift", "demangle", "--simplified", "--compact"], input="\n".join(names),
                         capture_output=True, text=True, check=True).stdout.splitlines()
    return dict(zip(names, out))

def label(raw, readable):
    if "librte_net_null" in raw: return "net_null PMD"
    if "Hasher." in readable: return "Hasher (SipHash)"
    name = re.sub(r"^(specialized |merged )+", "", readable)
    return re.sub(r"\s*\[.*$", "", name.split(":")[-1] if name.startswith(("./", "/")) else name)

print("| case | C instr/pkt | Swift instr/pkt | Swift ÷ C instructions | Swift's largest costs (instructions per packet) |")
print("|---|---:|---:|---:|---|")
for case in cases:
    inclusive = annotate(f"{work}/c-{case}.out", True)
    # A function may be listed once per spelling of its source path: take its largest entry.
    def cost(function):
        return max((v for v, k in inclusive if re.search(rf":{function}( \[|$)", k)), default=0)
    setup = sum(cost(f) for f in ("bench_init", "bench_finish", "build_table", "rte_hash_create"))
    c = (cost("main") - setup) / packets("c", case)
    own = [(v, k) for v, k in annotate(f"{work}/swift-{case}.out", False)]
    n = packets("swift", case)
    total = next(v for v, k in own if k.startswith("PROGRAM TOTALS")) / n
    names = demangle([re.sub(r"^\?\?\?:", "", re.sub(r"\s*\[.*$", "", k)) for v, k in own])
    costs = collections.Counter()
    for v, k in own:
        if k.startswith("PROGRAM TOTALS"): continue
        costs[label(k, names[re.sub(r"^\?\?\?:", "", re.sub(r"\s*\[.*$", "", k))])] += v / n
    largest = ", ".join(f"{name} {v:.0f}" for name, v in costs.most_common() if v >= 3)
    print(f"| {case} | {c:.0f} | {total:.0f} | {total / c:.2f} | {largest} |")
PY
} | python3 bench/update-section.py "## NF runtime vs C: instructions per packet (callgrind)"
