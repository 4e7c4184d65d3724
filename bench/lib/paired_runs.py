"""Per-run benchmark values and the statistics the benches compare datapaths with.

A bench that measures every datapath once per run writes one line per measurement,
"run<TAB>datapath<TAB>column<TAB>value"; `read_runs` reads them. Comparing two datapaths run by
run (`paired_cell`: the median of the per-run ratios or differences, with a distribution-free
confidence interval for that median) cancels the slow drift of the shared machine's load, which
moves both sides of a run alike.
"""
import math
import statistics


def read_runs(lines):
    """{(datapath, column): {run: value}} and the sorted run numbers."""
    values = {}
    for line in lines:
        run, datapath, column, value = line.rstrip("\n").split("\t")
        values.setdefault((datapath, column), {})[int(run)] = float(value)
    return values, sorted({r for by_run in values.values() for r in by_run})


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


def coverage_note(n):
    """Which order statistics bound the interval with n runs, and its exact coverage."""
    interval = median_interval(range(n))[1]
    return f"; with {n} runs, the {ordinal(interval[0] + 1)} and {ordinal(interval[1] + 1)} smallest, coverage {interval[2]:.1%}" if interval else ""


def ordinal(k):
    """1st, 2nd, 3rd, 4th, …, 11th, 12th, 13th, …, 21st."""
    suffix = "th" if 10 <= k % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(k % 10, "th")
    return f"{k}{suffix}"


def paired_cell(per_run, show):
    """The median of the per-run values and its interval, each shown by show."""
    if not per_run:
        return "n/a"
    middle, interval = median_interval(per_run)
    return show(middle) + (f" [{show(interval[0])}, {show(interval[1])}]" if interval else "")


def per_run(values, runs, mine, theirs, column, combine):
    """combine(mine's value, theirs') for each run that measured both datapaths in column."""
    a, b = values.get((mine, column), {}), values.get((theirs, column), {})
    return [combine(a[r], b[r]) for r in runs if r in a and r in b]


def print_table(headings, rows):
    """A markdown table: the headings, then one line per row of cells."""
    print("| " + " | ".join(headings) + " |")
    print("|---" * len(headings) + "|")
    for cells in rows:
        print("| " + " | ".join(cells) + " |")


def print_paired_caption(subject, what, runs):
    """The sentence that says how a paired table reads: subject, paired by run, the median of each run's `what`."""
    print(f"{subject}, paired by run: the median over the runs of each run's {what}, and in brackets a confidence")
    print("interval for that median of at least 95% (distribution-free, from the order statistics)" + coverage_note(len(runs)) + ".")
