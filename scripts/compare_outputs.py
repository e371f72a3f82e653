#!/usr/bin/python3
"""Compares model outputs saved as .npy files against reference outputs.

    compare_outputs.py OURS_DIR REF_DIR [--max-rel-err 1e-4] [--names a,b]

Checks every `<name>.npy` in REF_DIR (or only the given names) against
OURS_DIR/<name>.npy. Shapes must be equal. The metric, per output, is
max|ours - ref| / max|ref| (max|ours - ref| itself when ref is all zeros).
NaN or infinity in ours where ref is finite fails.

Prints `<name>: shape [..] max_abs_err X max_rel_err Y OK|FAIL` per output and
`compare: N passed, M failed` last. Exits 1 if any output fails or a file is
missing, 0 otherwise.
"""

import argparse
import os
import re
import sys

import numpy as np


def npy_path(directory, name):
    """`<name>.npy`, or the sanitised name as make_input.py writes it."""
    path = os.path.join(directory, name + ".npy")
    if not os.path.exists(path):
        alt = os.path.join(directory, re.sub(r"[^A-Za-z0-9._-]", "_", name) + ".npy")
        if os.path.exists(alt):
            return alt
    return path


def load(path, role):
    try:
        return np.load(path, allow_pickle=False), None
    except FileNotFoundError:
        return None, f"missing {role} file {path}"
    except Exception as e:  # truncated file, not an .npy, object array...
        return None, f"cannot read {role} file {path} (not a plain .npy array?): {e}"


def compare(ours, ref, max_rel_err):
    """Returns (max_abs_err, max_rel_err, ok, note)."""
    if ours.shape != ref.shape:
        return None, None, False, f"shape {list(ours.shape)} != reference {list(ref.shape)}"
    if ours.size == 0:
        return 0.0, 0.0, True, ""
    o = ours.astype(np.float64)
    r = ref.astype(np.float64)
    o_fin, r_fin = np.isfinite(o), np.isfinite(r)
    # Non-finite reference values must be matched exactly (same NaN / inf).
    special = ~r_fin
    bad = (~o_fin & r_fin) | (special & ~((np.isnan(o) & np.isnan(r)) | (o == r)))
    both = o_fin & r_fin
    diff = np.abs(o[both] - r[both])
    max_abs = float(diff.max()) if diff.size else 0.0
    scale = float(np.abs(r[both]).max()) if diff.size else 0.0
    rel = max_abs / scale if scale > 0 else max_abs
    note = ""
    if bad.any():
        note = f"{int(bad.sum())} non-finite value(s) differ"
    return max_abs, rel, (not bad.any()) and rel <= max_rel_err, note


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ours", metavar="OURS_DIR")
    ap.add_argument("ref", metavar="REF_DIR")
    ap.add_argument("--max-rel-err", type=float, default=1e-4,
                    help="largest accepted max|ours-ref|/max|ref| (default 1e-4)")
    ap.add_argument("--names", help="comma-separated output names to compare")
    args = ap.parse_args(argv)

    for d in (args.ours, args.ref):
        if not os.path.isdir(d):
            print(f"compare_outputs.py: {d}: not a directory", file=sys.stderr)
            return 1
    if args.names:
        names = [n.strip() for n in args.names.split(",") if n.strip()]
    else:
        names = sorted(f[:-4] for f in os.listdir(args.ref) if f.endswith(".npy"))
    if not names:
        print(f"compare_outputs.py: no .npy files in {args.ref}", file=sys.stderr)
        return 1

    passed = failed = 0
    for name in names:
        ref, err = load(npy_path(args.ref, name), "reference")
        ours = None
        if ref is not None:
            ours, err = load(npy_path(args.ours, name), "output")
        if err:
            print(f"{name}: {err} FAIL")
            failed += 1
            continue
        max_abs, rel, ok, note = compare(ours, ref, args.max_rel_err)
        if max_abs is None:
            line = f"{name}: {note}"
        else:
            line = (f"{name}: shape {list(ref.shape)} max_abs_err {max_abs:.3g} "
                    f"max_rel_err {rel:.3g}")
            if note:
                line += f" ({note})"
            if ours.dtype != ref.dtype:
                line += f" (dtype {ours.dtype} vs reference {ref.dtype})"
        print(f"{line} {'OK' if ok else 'FAIL'}")
        passed, failed = passed + ok, failed + (not ok)
    print(f"compare: {passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
