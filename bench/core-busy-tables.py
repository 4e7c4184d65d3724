#!/usr/bin/env python3
"""The tables of bench/core-busy.sh from its per-run values.

Arguments: "name=label" for each datapath, in table order, the enforcing switch named "enforcing".
Reads lines "run<TAB>datapath<TAB>column<TAB>value" on stdin (columns LOAD_busy: the polling
core's busy %, LOAD_ns: its busy ns per received packet, LOAD_kernel_ns: the datapath process's
kernel time per received packet, idle_poll_ns: one idle poll's ns) and prints markdown: each
datapath's medians; the busy ns per packet the enforcing switch adds over each other datapath, and
the part of it outside the kernel (busy less kernel ns: the datapath's own work), paired by run
(bench/lib/paired_runs.py); the ns per idle poll, as the busy ns.
"""
import os
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from paired_runs import paired_cell, per_run, print_paired_caption, print_table, read_runs  # noqa: E402

LOADS = [("grpc", "gRPC"), ("redis_1", "redis -P 1"), ("redis_16", "redis -P 16")]


def print_added(values, runs, labels, subject, column):
    """What the enforcing switch adds in LOAD_column over each other datapath, paired by run."""
    print_paired_caption(subject, "difference", runs)
    print()
    print_table(["over"] + [name for _, name in LOADS],
                [[labels[d]] + [paired_cell(per_run(values, runs, "enforcing", d, f"{load}_{column}", lambda a, b: a - b), lambda x: f"{round(x):+d}")
                                for load, _ in LOADS]
                 for d in labels if d != "enforcing"])


def main():
    labels = dict(argument.split("=", 1) for argument in sys.argv[1:])
    values, runs = read_runs(sys.stdin)

    rows = []
    for d in labels:
        cells = [labels[d]]
        for load, _ in LOADS:
            for column, shown in ((f"{load}_busy", "{:.1f}"), (f"{load}_ns", "{:.0f}")):
                v = values.get((d, column))
                cells.append(shown.format(statistics.median(v.values())) if v else "n/a")
        rows.append(cells)
    print_table(["datapath"] + [f"{name}: {what}" if i == 0 else what for _, name in LOADS
                                for i, what in enumerate(["core busy %", "busy ns per packet"])], rows)

    print()
    print_added(values, runs, labels, "Busy ns per packet the enforcing switch adds", "ns")

    print()
    print("Of each busy ns per packet, the kernel's (perf's samples of the datapath process in the kernel over the window,")
    print("per packet: its transmit system calls, in which the kernel delivers each frame into the receiving namespace's TCP")
    print("stack) and the rest (busy less kernel: the datapath's own work in user space), medians:")
    print()
    for (d, column), busy in list(values.items()):
        if column.endswith("_ns") and (d, column[:-3] + "_kernel_ns") in values:
            kernel = values[(d, column[:-3] + "_kernel_ns")]
            values[(d, column[:-3] + "_rest_ns")] = {r: busy[r] - k for r, k in kernel.items() if r in busy}
    median_of = lambda d, column: f"{statistics.median(values[(d, column)].values()):.0f}" if (d, column) in values else "n/a"
    print_table(["datapath"] + [f"{name}: {what}" if i == 0 else what for _, name in LOADS
                                for i, what in enumerate(["kernel ns per packet", "rest"])],
                [[labels[d]] + [median_of(d, f"{load}_{column}") for load, _ in LOADS for column in ("kernel_ns", "rest_ns")]
                 for d in labels])
    print()
    print_added(values, runs, labels, "The rest (busy less kernel ns per packet) the enforcing switch adds", "rest_ns")

    print()
    print("An idle poll (a loop iteration that received nothing; servers up, no load), ns: each datapath's median, and")
    print("what the enforcing switch's adds to it, paired by run as above.")
    print()
    print_table(["datapath", "ns per idle poll", "the enforcing switch's, added"],
                [[labels[d], f"{statistics.median(values[(d, 'idle_poll_ns')].values()):.1f}" if (d, "idle_poll_ns") in values else "n/a",
                  "" if d == "enforcing" else paired_cell(per_run(values, runs, "enforcing", d, "idle_poll_ns", lambda a, b: a - b), lambda x: f"{x:+.1f}")]
                 for d in labels])

if __name__ == "__main__":
    main()
