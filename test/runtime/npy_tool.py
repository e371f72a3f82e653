"""Test helper for the runtime tests: makes input .npy files and checks what
the runners wrote, independently of the C and JS code under test.

  npy_tool.py make-inputs DIR
  npy_tool.py check-add OUTDIR [--given NAME=FILE]... [--seed N] [--int64]
  npy_tool.py check-json JSON_FILE --runs N (--output-dir DIR | --no-files)
  npy_tool.py same OUTDIR1 OUTDIR2         (bit-identical outputs)
"""
import argparse
import json
import os
import sys

import numpy as np

OUTPUTS = [("sum", "sum.npy"), ("double/sum:0", "double_sum_0.npy")]
M64 = (1 << 64) - 1


class SplitMix64:
    """The runners' generator for missing inputs, written from the spec."""

    def __init__(self, seed):
        self.state = seed & M64

    def floats(self, count):
        out = np.empty(count, np.float32)
        for i in range(count):
            self.state = (self.state + 0x9E3779B97F4A7C15) & M64
            z = self.state
            z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
            z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
            z ^= z >> 31
            out[i] = (np.float32((z >> 40) * 2.0**-24) * np.float32(2)
                      - np.float32(1))
        return out


def make_inputs(d):
    os.makedirs(d, exist_ok=True)
    rng = np.random.default_rng(1234)
    a = rng.standard_normal((3, 4)).astype(np.float32)
    b = rng.standard_normal((3, 4)).astype(np.float32)
    np.save(f"{d}/a.npy", a)
    np.save(f"{d}/b.npy", b)
    np.save(f"{d}/bias.npy", np.array([1, -2, 30, 400], np.int64))
    np.save(f"{d}/bad_shape.npy", np.zeros((4, 3), np.float32))
    np.save(f"{d}/bad_dtype.npy", np.zeros((3, 4), np.float64))
    np.save(f"{d}/fortran.npy", np.asfortranarray(a))
    with open(f"{d}/not_npy.npy", "wb") as f:
        f.write(b"this is not a numpy file")
    raw = open(f"{d}/a.npy", "rb").read()
    with open(f"{d}/truncated.npy", "wb") as f:
        f.write(raw[:-4])


def fail(msg):
    print(f"npy_tool: FAIL: {msg}", file=sys.stderr)
    sys.exit(1)


def check_add(outdir, given, seed, with_bias):
    """Recomputes fake_model.c: inputs a, b (float32 3x4) and, with_bias, an
    int64 bias [4]; missing float inputs drawn in order, int64 ones zero."""
    rng = SplitMix64(seed)
    def value(name):
        if name in given:
            return np.load(given[name])
        return rng.floats(12).reshape(3, 4)
    a, b = value("a"), value("b")
    want = a + b
    if with_bias:
        bias = np.load(given["bias"]) if "bias" in given else np.zeros(4, np.int64)
        want = want + bias.astype(np.float32)
    for (name, file), expected in zip(OUTPUTS, [want, 2 * want]):
        got = np.load(f"{outdir}/{file}")
        if got.dtype != np.float32 or got.shape != (3, 4):
            fail(f"{file}: dtype {got.dtype} shape {got.shape}")
        if not np.array_equal(got, expected):
            fail(f"{file} ({name}): max difference "
                 f"{np.abs(got - expected).max()}")


def check_json(path, runs, outdir):
    text = open(path).read()
    if text.count("\n") != 1 or not text.endswith("}\n"):
        fail(f"{path}: expected exactly one line of JSON, got {text!r}")
    j = json.loads(text)
    keys = ["runs", "median_ms", "min_ms", "times_ms", "outputs"]
    if list(j) != keys:
        fail(f"{path}: keys {list(j)} != {keys}")
    if j["runs"] != runs or len(j["times_ms"]) != runs:
        fail(f"{path}: runs {j['runs']}, {len(j['times_ms'])} times")
    times = sorted(j["times_ms"])
    if j["min_ms"] != times[0] or not times[0] <= j["median_ms"] <= times[-1]:
        fail(f"{path}: inconsistent min/median")
    for (name, file), o in zip(OUTPUTS, j["outputs"]):
        want = {"name": name, "dtype": "float32", "shape": [3, 4],
                "file": f"{outdir}/{file}" if outdir else None}
        if o != want:
            fail(f"{path}: output {o} != {want}")


def same(d1, d2):
    for _, file in OUTPUTS:
        if open(f"{d1}/{file}", "rb").read() != open(f"{d2}/{file}", "rb").read():
            fail(f"{d1}/{file} and {d2}/{file} differ")


def main():
    p = argparse.ArgumentParser()
    sub = p.add_subparsers(dest="cmd", required=True)
    s = sub.add_parser("make-inputs")
    s.add_argument("dir")
    s = sub.add_parser("check-add")
    s.add_argument("outdir")
    s.add_argument("--given", action="append", default=[])
    s.add_argument("--seed", type=int, default=0)
    s.add_argument("--int64", action="store_true")
    s = sub.add_parser("check-json")
    s.add_argument("json")
    s.add_argument("--runs", type=int, required=True)
    s.add_argument("--output-dir")
    s.add_argument("--no-files", action="store_true")
    s = sub.add_parser("same")
    s.add_argument("dir1")
    s.add_argument("dir2")
    a = p.parse_args()
    if a.cmd == "make-inputs":
        make_inputs(a.dir)
    elif a.cmd == "check-add":
        check_add(a.outdir, dict(g.split("=", 1) for g in a.given), a.seed,
                  a.int64)
    elif a.cmd == "check-json":
        check_json(a.json, a.runs, None if a.no_files else a.output_dir)
    else:
        same(a.dir1, a.dir2)


if __name__ == "__main__":
    main()
