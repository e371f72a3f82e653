#!/usr/bin/python3
"""Compile time and peak memory of sparrow-compile per model and target.

    bench/compile_time.py [--models a.onnx,b.onnx] [--targets host,...]
                          [--runs 3] [--out-dir docs/benchmarks/compile]

Each compile runs under /usr/bin/time (wall seconds, peak RSS); the report
gives the median of --runs and the peak RSS as a multiple of the model's
weight bytes (initializers and Constant tensors), next to the issue's
targets. Writes results.json and README.md into --out-dir. Not a test:
machines differ, so the figures are reported, never asserted.
"""

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

sys.dont_write_bytecode = True

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_MODELS = ["build/models/mobilenet_v1.onnx", "build/zoo/resnet18.onnx",
                  "build/zoo/vit_tiny.onnx", "build/zoo/vit_b_16.onnx"]
# The host targets (seconds), by model file name.
TARGETS_S = {"mobilenet_v1": 3, "resnet18": 15, "vit_tiny": 10,
             "vit_b_16": 60}
EXT = {"host": "so", "aarch64": "so", "wasm32": "wasm"}
# A model of a few KB of weights: its peak RSS is the compiler's floor.
FLOOR_MODEL = "build/models/concat_net.onnx"


def weight_bytes(path):
    import onnx
    model = onnx.load(path)
    total = 0
    tensors = list(model.graph.initializer)
    tensors += [a.t for n in model.graph.node if n.op_type == "Constant"
                for a in n.attribute if a.name == "value"]
    for t in tensors:
        count = 1
        for d in t.dims:
            count *= d
        total += count * onnx.mapping.TENSOR_TYPE_TO_NP_TYPE[
            t.data_type].itemsize
    return total


def cpu_name():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def compile_once(compiler, model, target, work):
    out = os.path.join(work, f"m.{EXT[target]}")
    stats = os.path.join(work, "time.txt")
    cmd = ["/usr/bin/time", "-f", "%e %M", "-o", stats, compiler, model,
           f"--target={target}", "-o", out]
    proc = subprocess.run(cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.PIPE, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{os.path.basename(model)} ({target}): "
                           f"{proc.stderr.strip().splitlines()[-1]}")
    seconds, kb = open(stats).read().split()[-2:]
    return float(seconds), int(kb) * 1024


def write_report(out_dir, results):
    lines = ["# Compile time and memory", "",
             f"`bench/compile_time.py`, {results['date']}, "
             f"{results['cpu']}, median of {results['runs']} runs "
             "(wall seconds; peak RSS from `/usr/bin/time`).", ""]
    floor = results.get("floor_rss_bytes")
    if floor:
        lines += [f"The compiler's own floor: {results['floor_model']} "
                  f"({results['floor_weight_bytes'] / 2**10:.0f} KB of "
                  f"weights) peaks at {floor / 2**20:.0f} MB (LLVM, MLIR and "
                  "the runtime libraries mapped); the last column is the "
                  "peak above that floor per weight byte.", ""]
    lines += ["| model | weights | target | time (s) | issue target | "
              "peak RSS | RSS / weights | above floor / weights |",
              "| --- | --- | --- | --- | --- | --- | --- | --- |"]
    def above(r):
        return (r["peak_rss_bytes"] - (floor or 0)) / max(r["weight_bytes"], 1)

    for r in results["rows"]:
        goal = TARGETS_S.get(r["model"]) if r["target"] == "host" else None
        lines.append(
            f"| {r['model']} | {r['weight_bytes'] / 2**20:.1f} MB | "
            f"{r['target']} | {r['median_s']:.1f} | "
            f"{f'<= {goal} s' if goal else '-'} | "
            f"{r['peak_rss_bytes'] / 2**20:.0f} MB | "
            f"{r['rss_over_weights']:.1f}x (target 3x) | "
            f"{above(r):.1f}x |")
    lines.append("")
    with open(os.path.join(out_dir, "README.md"), "w") as f:
        f.write("\n".join(lines))


def main(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--models", default=",".join(DEFAULT_MODELS))
    ap.add_argument("--targets", default="host")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--bin", default=os.path.join(ROOT, "build", "bin"))
    ap.add_argument("--out-dir",
                    default=os.path.join(ROOT, "docs", "benchmarks", "compile"))
    a = ap.parse_args(argv)
    compiler = os.path.join(a.bin, "sparrow-compile")
    if not os.access(compiler, os.X_OK):
        print(f"compile_time.py: {compiler} not found (build first)",
              file=sys.stderr)
        return 1
    targets = a.targets.split(",")
    bad = [t for t in targets if t not in EXT]
    if bad:
        print(f"compile_time.py: unknown target '{bad[0]}'", file=sys.stderr)
        return 1
    rows = []
    with tempfile.TemporaryDirectory(prefix="sparrow-compile-time-") as work:
        for model in a.models.split(","):
            path = os.path.join(ROOT, model) if not os.path.isabs(model) \
                else model
            if not os.path.exists(path):
                print(f"compile_time.py: {path}: no such model",
                      file=sys.stderr)
                return 1
            weights = weight_bytes(path)
            name = os.path.splitext(os.path.basename(path))[0]
            for target in targets:
                try:
                    runs = [compile_once(compiler, path, target, work)
                            for _ in range(a.runs)]
                except RuntimeError as err:
                    print(f"compile_time.py: {err}", file=sys.stderr)
                    return 1
                peak = max(r[1] for r in runs)
                row = dict(model=name, target=target, weight_bytes=weights,
                           times_s=[r[0] for r in runs],
                           median_s=statistics.median(r[0] for r in runs),
                           peak_rss_bytes=peak,
                           rss_over_weights=peak / max(weights, 1))
                print(f"{name:16} {target:8} {row['median_s']:7.1f} s  "
                      f"{peak / 2**20:6.0f} MB  "
                      f"{row['rss_over_weights']:.1f}x weights", flush=True)
                rows.append(row)
        # The fixed part of the peak: a model of almost no weights.
        floor_model = os.path.join(ROOT, FLOOR_MODEL)
        floor = None
        if os.path.exists(floor_model):
            floor = max(compile_once(compiler, floor_model, "host", work)[1]
                        for _ in range(a.runs))
    os.makedirs(a.out_dir, exist_ok=True)
    results = dict(date=time.strftime("%Y-%m-%d"), cpu=cpu_name(),
                   runs=a.runs, rows=rows)
    if floor:
        results.update(floor_model=os.path.basename(FLOOR_MODEL),
                       floor_weight_bytes=weight_bytes(floor_model),
                       floor_rss_bytes=floor)
    with open(os.path.join(a.out_dir, "results.json"), "w") as f:
        json.dump(results, f, indent=1)
    write_report(a.out_dir, results)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
