#!/usr/bin/env python3
"""Per-request instructions by function: (run - baseline) / requests, from two
callgrind output files (as proxy-instr --keep-tmp leaves them).

usage: callgrind-per-request.py RUN.out BASELINE.out REQUESTS [TOP]
"""
import re
import subprocess
import sys


def functions(path):
    text = subprocess.run(["callgrind_annotate", "--inclusive=no", "--threshold=100", path],
                          capture_output=True, text=True, check=True).stdout
    costs = {}
    for line in text.splitlines():
        m = re.match(r"\s*([\d,]+)\s+\([^)]*\)\s+(.*)$", line)
        if m and "PROGRAM TOTALS" not in line:
            name = re.sub(r"\s*\[.*\]$", "", m.group(2))
            costs[name] = costs.get(name, 0) + int(m.group(1).replace(",", ""))
    return costs


def main():
    run, base, requests = sys.argv[1], sys.argv[2], int(sys.argv[3])
    top = int(sys.argv[4]) if len(sys.argv) > 4 else 40
    a, b = functions(run), functions(base)
    diff = {k: (a.get(k, 0) - b.get(k, 0)) / requests for k in set(a) | set(b)}
    total = sum(diff.values())
    print(f"{total:9.1f}  total per request")
    for name, cost in sorted(diff.items(), key=lambda kv: -abs(kv[1]))[:top]:
        print(f"{cost:9.1f}  {name[:150]}")


if __name__ == "__main__":
    main()
