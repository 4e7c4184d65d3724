#!/usr/bin/env python3
"""The tables of bench/enforcer.sh from its per-run values.

Arguments: "name=label" for each datapath, in table order, the enforcing switch named "enforcing"
(bench/lib/datapaths.sh's datapath_label). Reads lines "run<TAB>datapath<TAB>column<TAB>value"
(one measurement each) on stdin and prints
markdown: each datapath's medians, the enforcing switch against each baseline paired by run (the
median of the per-run ratios or differences, with a distribution-free 95% confidence interval
for that median), and each datapath's lowest and highest run.

Pairing by run matters because the runs spread far wider than the differences between datapaths:
every run measures every datapath within a minute or two, so a slow change in the shared
machine's load moves both sides of a per-run ratio alike, where it moves a ratio of medians
taken over separate runs.
"""
import math
import statistics
import sys

COLUMNS = ["grpc_p50", "grpc_p99", "grpc_rps", "grpc_packets", "redis_p50", "redis_p99", "redis_1", "redis_16"]
HEADINGS = ["gRPC unary p50 µs", "p99 µs", "gRPC requests/s", "client packets per call",
            "redis GET p50 µs", "p99 µs", "redis GET ops/s -P 1", "-P 16"]
# Compared by ratio (higher is better) or by difference in µs (the latencies).
THROUGHPUT = ["grpc_rps", "redis_1", "redis_16"]
LATENCY = ["grpc_p50", "grpc_p99", "redis_p50", "redis_p99"]
PAIRED_HEADINGS = {"grpc_p50": "gRPC p50 added µs", "grpc_p99": "p99 added µs", "grpc_rps": "gRPC requests/s",
                   "redis_p50": "redis p50 added µs", "redis_p99": "p99 added µs",
                   "redis_1": "redis -P 1", "redis_16": "redis -P 16"}
PAIRED_ORDER = ["grpc_p50", "grpc_p99", "grpc_rps", "redis_p50", "redis_p99", "redis_1", "redis_16"]
BASELINES = [("off", "no enforcement"), ("cfwd", "the C DPDK forwarder"), ("ovs", "Open vSwitch-DPDK")]


def median_interval(values):
    """The median and a distribution-free confidence interval for it of at least 95% (order
    statistics x(k)..x(n+1-k), binomial with p = 1/2), with its exact coverage; None when too few."""
    v = sorted(values)
    n = len(v)
    tail, k = 0.0, 0
    while True:  # the largest k with P(Binomial(n, 1/2) <= k - 1) <= 0.025
        next_tail = tail + math.comb(n, k) / 2 ** n
        if next_tail > 0.025:
            break
        tail, k = next_tail, k + 1
    if k == 0:
        return statistics.median(v), None
    return statistics.median(v), (v[k - 1], v[n - k], 1 - 2 * tail)


def main():
    labels = dict(argument.split("=", 1) for argument in sys.argv[1:])
    values = {}  # (datapath, column) → {run: value}
    for line in sys.stdin:
        run, datapath, column, value = line.rstrip("\n").split("\t")
        values.setdefault((datapath, column), {})[int(run)] = float(value)
    runs = sorted({r for by_run in values.values() for r in by_run})

    print("| datapath | " + " | ".join(HEADINGS) + " |")
    print("|---" * (len(HEADINGS) + 1) + "|")
    for d in labels:
        cells = [f"{statistics.median(values[d, c].values()):.2f}" if values.get((d, c)) else "n/a" for c in COLUMNS]
        print(f"| {labels[d]} | " + " | ".join(cells) + " |")

    print()
    print("The enforcing switch against each baseline, paired by run: the median over the runs of each run's")
    print("ratio (throughput) or difference (latency, µs), and in brackets a confidence interval for that median")
    print("of at least 95% (distribution-free, from the order statistics)" + coverage_note(len(runs)) + ".")
    print()
    print("| compared with | " + " | ".join(PAIRED_HEADINGS[c] for c in PAIRED_ORDER) + " |")
    print("|---" * (len(PAIRED_ORDER) + 1) + "|")
    for base, name in BASELINES:
        cells = []
        for c in PAIRED_ORDER:
            mine, theirs = values.get(("enforcing", c), {}), values.get((base, c), {})
            shared = [r for r in runs if r in mine and r in theirs]
            if c in THROUGHPUT:
                per_run = [mine[r] / theirs[r] for r in shared]
                cells.append(paired_cell(per_run, lambda x: f"{x:.2f}×"))
            else:
                per_run = [mine[r] - theirs[r] for r in shared]
                cells.append(paired_cell(per_run, lambda x: f"{round(x):+d}"))
        print(f"| {name} | " + " | ".join(cells) + " |")

    print()
    print(f"Lowest and highest of the {len(runs)} runs:")
    print()
    spread = ["grpc_rps", "grpc_packets", "redis_1", "redis_16"]
    print("| datapath | " + " | ".join(HEADINGS[COLUMNS.index(c)] for c in spread) + " |")
    print("|---" * (len(spread) + 1) + "|")
    for d in labels:
        cells = [f"{min(v):.2f}–{max(v):.2f}" if (v := list(values.get((d, c), {}).values())) else "n/a" for c in spread]
        print(f"| {labels[d]} | " + " | ".join(cells) + " |")


def coverage_note(n):
    """Which order statistics bound the interval with n runs, and its exact coverage."""
    interval = median_interval(range(n))[1]
    return f"; with {n} runs, the {interval[0] + 1}th and {interval[1] + 1}th smallest, coverage {interval[2]:.1%}" if interval else ""


def paired_cell(per_run, show):
    """The median of the per-run values and its interval, each shown by show."""
    if not per_run:
        return "n/a"
    middle, interval = median_interval(per_run)
    return show(middle) + (f" [{show(interval[0])}, {show(interval[1])}]" if interval else "")


if __name__ == "__main__":
    main()
