#!/usr/bin/python3
"""Runs a compiled model and a reference on the same seeded inputs and
checks the cosine similarity of one output.

    cosine_check.py --run "sparrow-run m.so" --reference "node ort-run.mjs
        model.onnx" --seeds 1-32 --output logits --min 0.99 --work DIR

Each command gets `--seed S --output-dir DIR/<side>/S` appended. Prints the
smallest and the mean cosine over the seeds; exits 1 when the smallest is
below --min.
"""

import argparse
import os
import shlex
import subprocess
import sys

import numpy as np


def run(cmd, seed, out):
    args = shlex.split(cmd) + ["--seed", str(seed), "--output-dir", out]
    result = subprocess.run(args, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        sys.exit(f"cosine_check.py: '{cmd}' failed on seed {seed}: "
                 f"{result.stderr.strip()}")


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--run", required=True)
    p.add_argument("--reference", required=True)
    p.add_argument("--seeds", default="1-32")
    p.add_argument("--output", required=True)
    p.add_argument("--min", type=float, required=True)
    p.add_argument("--work", required=True)
    a = p.parse_args()
    first, last = (int(s) for s in a.seeds.split("-"))
    cosines = []
    for seed in range(first, last + 1):
        ours = os.path.join(a.work, "ours", str(seed))
        ref = os.path.join(a.work, "ref", str(seed))
        run(a.run, seed, ours)
        run(a.reference, seed, ref)
        x = np.load(os.path.join(ours, a.output + ".npy")).astype(np.float64)
        y = np.load(os.path.join(ref, a.output + ".npy")).astype(np.float64)
        if x.shape != y.shape:
            sys.exit(f"cosine_check.py: {a.output} has shape {x.shape}, "
                     f"the reference {y.shape}")
        x, y = x.ravel(), y.ravel()
        cosines.append(float(x @ y / (np.linalg.norm(x) * np.linalg.norm(y))))
    low, mean = min(cosines), float(np.mean(cosines))
    ok = low >= a.min
    print(f"{a.output}: {len(cosines)} inputs, cosine min {low:.5f} "
          f"mean {mean:.5f} (need >= {a.min}) {'OK' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
