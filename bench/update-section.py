#!/usr/bin/env python3
"""Replaces one '## ' section of docs/benchmarks.md with new text (read from stdin), or appends
it: each benchmark owns its section and re-running it rewrites only that section. Prints the text
to stderr too, so a run's log shows its table."""
import pathlib
import sys

heading = sys.argv[1]
doc = pathlib.Path(sys.argv[2] if len(sys.argv) > 2 else "docs/benchmarks.md")
body = sys.stdin.read().rstrip() + "\n"
sys.stderr.write(body)
text = doc.read_text() if doc.exists() else "# Benchmarks\n\nEvery figure here was measured by the command shown with it, on the project's 2-core machine, release builds.\n"
lines = text.splitlines(keepends=True)
start = next((i for i, l in enumerate(lines) if l.rstrip() == heading), None)
section = [heading + "\n", "\n", body]
if start is None:
    lines += ["\n"] + section
else:
    end = next((i for i in range(start + 1, len(lines)) if lines[i].startswith("## ")), len(lines))
    lines[start:end] = section + (["\n"] if end < len(lines) else [])
doc.write_text("".join(lines))
