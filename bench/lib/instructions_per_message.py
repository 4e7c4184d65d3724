#!/usr/bin/env python3
"""Instructions per message of one way of enforcer-bench, from a callgrind profile of
`enforcer-bench … --only WAY` that collected inside the replay alone
(`--toggle-collect='*EnforcerBenchAAV7enforce*'`).

usage: instructions_per_message.py CALLGRIND_OUT BENCH_OUTPUT WAY
BENCH_OUTPUT is what enforcer-bench printed (messages_per_round=…, rounds WAY=…). callgrind
counts instructions, not time: the figure does not move with the load on the machine.
"""
import re
import sys

profile, bench, way = sys.argv[1], open(sys.argv[2]).read(), sys.argv[3]
per_round = int(re.search(r"messages_per_round=(\d+)", bench).group(1))
rounds = int(re.search(rf"\b{way}=(\d+)", bench.split("rounds", 1)[1]).group(1))
totals = next(line for line in open(profile) if line.startswith(("summary:", "totals:")))
print(round(int(totals.split()[1]) / (rounds * per_round)))
