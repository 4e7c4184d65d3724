#!/usr/bin/env bash
# Verification time of `ucheck verify` on the shipped specs and on generated applications of
# 10, 50, 100 and 200 services (chains and fan-outs), sliced vs the whole-application baseline, in a
# release build; rewrites the "ucheck verify: verification time" section of docs/benchmarks.md.
# Usage: bench/verify-time.sh [SIZES] (default 10,50,200), from the repository root.
set -euo pipefail
sizes="${1:-10,50,100,200}"
flock /tmp/ucheck-build.lock swift build -c release --product models-bench >/dev/null
table=$(.build/release/models-bench --sizes "$sizes" --timeout 60 --baseline-up-to 50)
{
  echo "Command: \`bench/verify-time.sh $sizes\` (release build of bench/models-bench; $(date -u +%Y-%m-%d), $(nproc) cores, Z3 $(dpkg-query -W -f='${Version}' libz3-dev))."
  echo "Each invariant is verified on its slice after a rely-guarantee local attempt (see docs/spec-language.md);"
  echo "the baseline column verifies every invariant on the whole application, in the same run (skipped above 50 services)."
  echo "Generated applications: \`models-bench --print-spec chain:N\` / \`fanout:N\`. Timeout 60 s per Z3 question."
  echo "In the chains the time is dominated by one exactness check (the last hop's sequence invariant: a stateless violation"
  echo "needs a message through the whole chain), which reaches the timeout and is reported as undecided; \`--timeout\` bounds it."
  echo
  echo "$table"
} | python3 bench/update-section.py "## ucheck verify: verification time"
