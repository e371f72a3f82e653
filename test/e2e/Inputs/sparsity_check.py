#!/usr/bin/python3
"""Checks for the sparsity e2e tests (sparrow-sparsify reports, remarks).

    sparsity_check.py gain REPORT [--pattern P] [--sparsity S]
        Every layer the report prunes (pattern other than dense) has
        l2_kept > l2_kept_without_rearrangement, the given pattern and a
        sparsity within 1e-6 of the given one. Prints one line per pruned
        layer and a summary; exits 1 on any failure.

    sparsity_check.py same DETECTED CLAIMED
        Two reports (sparrow-sparsify --detect on a written model, and the
        report of the run that wrote it) list the same layers, in the same
        order, with the same shapes, patterns and sparsities (within 1e-6).

    sparsity_check.py recovery REMARKS DESCRIPTION [--min-after 0.99]
        REMARKS holds sparrow-rearrange-network remarks ("L2 norm kept at
        ... B -> A") for the pruned layers of DESCRIPTION (pruned_shuffled.json),
        in graph order: one per layer, B equal to the layer's
        norm_kept_shuffled (to 1e-4), A at least --min-after.

    sparsity_check.py function ORIGINAL REARRANGED [--seed 5] [--max-rel-err 1e-5]
        Runs both ONNX models in float64 (examples/numpy_forward.py) on one
        seeded normal input and prints, per output, max|r - o| / max|o|;
        exits 1 when any exceeds --max-rel-err. Float64 measures the
        function itself, not the float32 rounding of reordered sums.

    sparsity_check.py onnx-check MODEL
        onnx.checker.check_model(full_check=True).
"""

import argparse
import json
import re
import sys

TOL = 1e-6


def load(path):
    with open(path) as f:
        return json.load(f)


def gain(args):
    layers = load(args.report)["layers"]
    pruned, failures, gains = 0, 0, []
    for row in layers:
        if row["pattern"] == "dense":
            continue
        pruned += 1
        kept, base = row["l2_kept"], row.get("l2_kept_without_rearrangement")
        problems = []
        if base is None:
            problems.append("no l2_kept_without_rearrangement")
        elif not kept > base:
            problems.append("not strictly more norm kept")
        if args.pattern and row["pattern"] != args.pattern:
            problems.append(f"pattern {row['pattern']}, expected {args.pattern}")
        if args.sparsity is not None and abs(row["sparsity"] - args.sparsity) > TOL:
            problems.append(f"sparsity {row['sparsity']}, expected {args.sparsity}")
        without = "?" if base is None else f"{base:.4f}"
        delta = "?" if base is None else f"{kept - base:+.4f}"
        if base is not None:
            gains.append(kept - base)
        print(f"{row['layer']}: {row['shape']} {row['pattern']} sparsity "
              f"{row['sparsity']:.3f} kept {kept:.4f} without {without} gain {delta} "
              f"{'FAIL ' + '; '.join(problems) if problems else 'OK'}")
        failures += bool(problems)
    stats = (f"; gain min {min(gains):+.4f} mean {sum(gains) / len(gains):+.4f} "
             f"max {max(gains):+.4f}") if gains else ""
    print(f"gain: {pruned} pruned layers, {pruned - failures} OK, {failures} failed{stats}")
    return 1 if failures or not pruned else 0


def same(args):
    detected, claimed = load(args.detected)["layers"], load(args.claimed)["layers"]
    failures = 0
    if len(detected) != len(claimed):
        print(f"same: {len(detected)} layers detected, {len(claimed)} claimed")
        return 1
    for d, c in zip(detected, claimed):
        problems = [f"{key} {d[key]!r} != {c[key]!r}"
                    for key in ("layer", "op", "shape", "pattern") if d[key] != c[key]]
        if abs(d["sparsity"] - c["sparsity"]) > TOL:
            problems.append(f"sparsity {d['sparsity']} != {c['sparsity']}")
        print(f"{c['layer']}: {c['pattern']} {c['sparsity']:.4f} "
              f"{'FAIL ' + '; '.join(problems) if problems else 'OK'}")
        failures += bool(problems)
    pruned = sum(c["pattern"] != "dense" for c in claimed)
    print(f"same: {len(claimed)} layers ({pruned} pruned), "
          f"{len(claimed) - failures} agree, {failures} differ")
    return 1 if failures else 0


REMARK = re.compile(r"remark: rearranged: L2 norm kept at \S+ \S+ ([0-9.]+) -> ([0-9.]+)")


def recovery(args):
    with open(args.remarks) as f:
        found = [tuple(map(float, m.groups())) for m in REMARK.finditer(f.read())]
    layers = load(args.description)["layers"]
    if len(found) != len(layers):
        print(f"recovery: {len(found)} remarks for {len(layers)} pruned layers")
        return 1
    failures = 0
    for layer, (before, after) in zip(layers, found):
        problems = []
        if abs(before - layer["norm_kept_shuffled"]) > 1e-4:
            problems.append(f"before {before} != norm_kept_shuffled "
                            f"{layer['norm_kept_shuffled']:.4f}")
        if after < args.min_after:
            problems.append(f"after {after} < {args.min_after}")
        print(f"{layer['name']}: shuffled {before:.4f} -> rearranged {after:.4f} "
              f"{'FAIL ' + '; '.join(problems) if problems else 'OK'}")
        failures += bool(problems)
    print(f"recovery: {len(layers)} layers, {len(layers) - failures} OK, {failures} failed")
    return 1 if failures else 0


def function(args):
    import os
    import numpy as np
    import onnx
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..",
                                    "examples"))
    import numpy_forward
    original, rearranged = onnx.load(args.original), onnx.load(args.rearranged)
    rng = np.random.default_rng(args.seed)
    inputs = {}
    for value in original.graph.input:
        dims = [d.dim_value for d in value.type.tensor_type.shape.dim]
        inputs[value.name] = rng.standard_normal(dims)
    want = numpy_forward.run(original, inputs)
    have = numpy_forward.run(rearranged, inputs)
    failures = 0
    for name, ref in want.items():
        if name not in have:
            print(f"{name}: missing from {args.rearranged} FAIL")
            failures += 1
            continue
        err = float(np.abs(have[name] - ref).max() / np.abs(ref).max())
        ok = err <= args.max_rel_err
        print(f"{name}: shape {list(ref.shape)} float64 max rel err {err:.1e} "
              f"{'OK' if ok else 'FAIL'}")
        failures += not ok
    print(f"function: {len(want)} outputs, {len(want) - failures} OK, {failures} failed")
    return 1 if failures else 0


def onnx_check(args):
    import onnx
    onnx.checker.check_model(onnx.load(args.model), full_check=True)
    print(f"onnx-check: {args.model}: OK")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("gain")
    p.add_argument("report")
    p.add_argument("--pattern")
    p.add_argument("--sparsity", type=float)
    p.set_defaults(run=gain)
    p = sub.add_parser("same")
    p.add_argument("detected")
    p.add_argument("claimed")
    p.set_defaults(run=same)
    p = sub.add_parser("recovery")
    p.add_argument("remarks")
    p.add_argument("description")
    p.add_argument("--min-after", type=float, default=0.99)
    p.set_defaults(run=recovery)
    p = sub.add_parser("function")
    p.add_argument("original")
    p.add_argument("rearranged")
    p.add_argument("--seed", type=int, default=5)
    p.add_argument("--max-rel-err", type=float, default=1e-5)
    p.set_defaults(run=function)
    p = sub.add_parser("onnx-check")
    p.add_argument("model")
    p.set_defaults(run=onnx_check)
    args = parser.parse_args()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
