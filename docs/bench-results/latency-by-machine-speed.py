#!/usr/bin/env python3
"""BENCHMARKS.md, session 10: p99 command-to-result at 50% load of the given `bench latency` JSON files,
grouped by the sandbox's CPU per call (the same work in every call, so a measure of the machine's speed
during the run). Usage: python3 docs/bench-results/latency-by-machine-speed.py FILE.json ..."""
import json
import sys

BINS = [(0.0, 1.30, "under 1.30"), (1.30, 1.45, "1.30 to 1.45"), (1.45, 1.55, "1.45 to 1.55"),
        (1.55, float("inf"), "1.55 and over")]
TARGET_MS = 125

runs = []
for path in sys.argv[1:]:
    with open(path) as f:
        report = json.load(f)
    load = report["results"]["load50%"]
    runs.append((load["driverCpuMsPerCommandBy"]["sandbox"], load["commandToResultMs"]["p99"],
                 load["targetCommandsPerSecond"], path))

print("| sandbox CPU ms per call | runs | p99 at 50%% load, ms (commands/s) | p99 <= %d ms |" % TARGET_MS)
print("|---|---:|---|---:|")
for low, high, label in BINS:
    inside = sorted((r for r in runs if low <= r[0] < high), key=lambda r: r[1])
    if inside:
        values = ", ".join("%d (%d)" % (r[1], r[2]) for r in inside)
        met = sum(1 for r in inside if r[1] <= TARGET_MS)
        print("| %s | %d | %s | %d |" % (label, len(inside), values, met))
