#!/usr/bin/env python3
"""The tables of bench/enforcer.sh from its per-run values.

Arguments: "name=label" for each datapath, in table order, the enforcing switch named "enforcing"
(bench/lib/datapaths.sh's datapath_label). Reads lines "run<TAB>datapath<TAB>column<TAB>value"
(one measurement each) on stdin and prints
markdown: each datapath's medians, the enforcing switch against each baseline paired by run (the
median of the per-run ratios or differences, with a distribution-free 95% confidence interval
for that median: bench/lib/paired_runs.py), the endpoints' core's idle share during the
throughput loads (columns THROUGHPUT_cpu0_idle), and each datapath's lowest and highest run.

Pairing by run matters because the runs spread far wider than the differences between datapaths:
every run measures every datapath within a minute or two, so a slow change in the shared
machine's load moves both sides of a per-run ratio alike, where it moves a ratio of medians
taken over separate runs.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paired_runs import paired_cell, per_run, print_paired_caption, print_table, read_runs  # noqa: E402

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


def main():
    labels = dict(argument.split("=", 1) for argument in sys.argv[1:])
    values, runs = read_runs(sys.stdin)

    print_table(["datapath"] + HEADINGS,
                [[labels[d]] + [f"{statistics.median(values[d, c].values()):.2f}" if values.get((d, c)) else "n/a" for c in COLUMNS]
                 for d in labels])

    print()
    print_paired_caption("The enforcing switch against each baseline", "ratio (throughput) or difference (latency, µs)", runs)
    print()
    rows = []
    for base, name in BASELINES:
        cells = [name]
        for c in PAIRED_ORDER:
            if c in THROUGHPUT:
                cells.append(paired_cell(per_run(values, runs, "enforcing", base, c, lambda a, b: a / b), lambda x: f"{x:.2f}×"))
            else:
                cells.append(paired_cell(per_run(values, runs, "enforcing", base, c, lambda a, b: a - b), lambda x: f"{round(x):+d}"))
        rows.append(cells)
    print_table(["compared with"] + [PAIRED_HEADINGS[c] for c in PAIRED_ORDER], rows)

    print()
    print("The endpoints' core (CPU 0) idle during the throughput loads, % (medians; where it is near 0 under every")
    print("datapath, the endpoints' own work per request, not the datapath, sets the throughput):")
    print()
    print_table(["datapath"] + [PAIRED_HEADINGS[c] for c in THROUGHPUT],
                [[labels[d]] + [f"{statistics.median(v.values()):.1f}" if (v := values.get((d, f"{c}_cpu0_idle"))) else "n/a" for c in THROUGHPUT]
                 for d in labels])

    print()
    print(f"Lowest and highest of the {len(runs)} runs:")
    print()
    spread = ["grpc_rps", "grpc_packets", "redis_1", "redis_16"]
    print_table(["datapath"] + [HEADINGS[COLUMNS.index(c)] for c in spread],
                [[labels[d]] + [f"{min(v):.2f}–{max(v):.2f}" if (v := list(values.get((d, c), {}).values())) else "n/a" for c in spread]
                 for d in labels])

if __name__ == "__main__":
    main()
