#!/usr/bin/env python3
"""Instructions and calls of one function in a callgrind profile: the function's own instructions
plus those of everything it calls (inclusive), and how many times others called it (its calls of
itself are neither counted nor their instructions counted twice).

usage: callgrind_function.py CALLGRIND_OUT SYMBOL_REGEX
SYMBOL_REGEX is searched in the functions' mangled names; every function it matches counts as the
one function. Prints "INSTRUCTIONS CALLS".
"""
import re
import sys

profile, pattern = sys.argv[1], re.compile(sys.argv[2])
names = {}           # compressed id → name
inside = False       # the costs that follow are the function's
calling_it = False   # the next `calls=` line calls the function
self_call = False    # the next cost line is the inclusive cost of a call of itself
inclusive = calls = 0

def name(match):
    ident, text = match.group(1), match.group(2)
    if text:
        names[ident] = text
    return names.get(ident, "")

for line in open(profile):
    line = line.rstrip("\n")
    if m := re.match(r"fn=\((\d+)\)(?: (.*))?$", line):
        inside = bool(pattern.search(name(m)))
    elif m := re.match(r"cfn=\((\d+)\)(?: (.*))?$", line):
        calling_it = bool(pattern.search(name(m)))
    elif m := re.match(r"calls=(\d+)", line):
        if calling_it and not inside:
            calls += int(m.group(1))
        self_call = calling_it and inside
    elif re.match(r"[0-9+\-*]", line):
        if inside and not self_call:
            inclusive += int(line.split()[-1])
        self_call = False
print(inclusive, calls)
