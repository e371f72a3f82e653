#!/usr/bin/python3
"""Reads sparrow-run --json output on stdin and prints it as lines FileCheck
can check: its keys, each scalar field, `times_ms` as a count plus whether
min <= median <= max of it, and one line per output. Fails unless stdin is
exactly one line holding one JSON object."""
import json
import sys

lines = sys.stdin.read().splitlines()
if len(lines) != 1:
    sys.exit(f"json_summary: expected one line of JSON, got {len(lines)}")
d = json.loads(lines[0])
print("keys:", " ".join(sorted(d)))
for key in ("model", "target", "runs"):
    print(f"{key}: {d[key]}")
times = d["times_ms"]
print(f"times_ms: {len(times)} values")
ordered = min(times) == d["min_ms"] and d["min_ms"] <= d["median_ms"] <= max(times)
print("min <= median <= max:", ordered)
for o in d["outputs"]:
    print(f"output {o['name']} {o['dtype']} {o['shape']} file={o['file']}")
