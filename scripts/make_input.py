#!/usr/bin/python3
"""Writes one seeded random .npy per graph input of an ONNX model.

    make_input.py MODEL.onnx --out DIR [--seed N] [--shape name:1x3x224x224]... [--args]

Values are uniform in [-1, 1), drawn from numpy's default_rng(seed), one input
after the other in graph order. Shapes come from the model; a dynamic (or
missing) dimension is an error unless --shape gives the input's shape.
Files are named `<input name>.npy` with characters outside [A-Za-z0-9._-]
replaced by '_'.

Prints `name=path`, one per line; with --args prints
`--input name=path --input name=path ...` on one line, for sparrow-run.
"""

import argparse
import os
import re
import shlex
import sys

import numpy as np
import onnx
from onnx import TensorProto

FLOAT_TYPES = {
    TensorProto.FLOAT: np.float32,
    TensorProto.FLOAT16: np.float16,
    TensorProto.DOUBLE: np.float64,
}


class InputError(Exception):
    pass


def sanitize(name):
    return re.sub(r"[^A-Za-z0-9._-]", "_", name) or "_"


def parse_shape_flags(flags):
    shapes = {}
    for flag in flags:
        name, sep, dims = flag.rpartition(":")
        if not sep or not name:
            raise InputError(f"--shape {flag!r}: expected name:DxDx...")
        try:
            shape = [int(d) for d in dims.split("x")] if dims else []
        except ValueError:
            raise InputError(f"--shape {flag!r}: dimensions must be integers") from None
        if any(d <= 0 for d in shape):
            raise InputError(f"--shape {flag!r}: dimensions must be positive")
        shapes[name] = shape
    return shapes


def graph_inputs(model):
    """Real inputs: graph inputs that are not initializers (old IR versions
    list the weights as inputs too)."""
    weights = {t.name for t in model.graph.initializer}
    return [i for i in model.graph.input if i.name not in weights]


def input_shape(value_info, overrides):
    name = value_info.name
    ttype = value_info.type.tensor_type
    if not value_info.type.HasField("tensor_type"):
        raise InputError(f"input '{name}' is not a tensor")
    dims = list(ttype.shape.dim) if ttype.HasField("shape") else None
    if name in overrides:
        shape = overrides[name]
        if dims is not None:
            if len(dims) != len(shape):
                raise InputError(f"--shape {name}: rank {len(shape)} but the model "
                                 f"says rank {len(dims)}")
            for i, (d, s) in enumerate(zip(dims, shape)):
                if d.HasField("dim_value") and d.dim_value > 0 and d.dim_value != s:
                    raise InputError(f"--shape {name}: dimension {i} is {s} but the "
                                     f"model fixes it to {d.dim_value}")
        return shape
    if dims is None:
        raise InputError(f"input '{name}' has no shape in the model; "
                         f"pass --shape {name}:DxDx...")
    shape = []
    for i, d in enumerate(dims):
        if not (d.HasField("dim_value") and d.dim_value > 0):
            what = f"'{d.dim_param}'" if d.HasField("dim_param") else "unknown"
            raise InputError(f"input '{name}' has a dynamic dimension {i} ({what}); "
                             f"pass --shape {name}:DxDx...")
        shape.append(d.dim_value)
    return shape


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model", help="ONNX model file")
    ap.add_argument("--out", required=True, help="output directory (created if missing)")
    ap.add_argument("--seed", type=int, default=0, help="RNG seed (default 0)")
    ap.add_argument("--shape", action="append", default=[], metavar="NAME:DxDx...",
                    help="shape of an input with dynamic dimensions (repeatable)")
    ap.add_argument("--args", action="store_true",
                    help="print '--input name=path ...' on one line")
    args = ap.parse_args(argv)

    try:
        try:
            model = onnx.load(args.model, load_external_data=False)
        except Exception as e:  # unreadable file or not a ModelProto
            raise InputError(f"cannot read model {args.model}: {e}") from None
        overrides = parse_shape_flags(args.shape)
        inputs = graph_inputs(model)
        unknown = set(overrides) - {i.name for i in inputs}
        if unknown:
            raise InputError(f"--shape names unknown input(s) {', '.join(sorted(unknown))}")
        plan, used = [], set()
        for vi in inputs:
            elem = vi.type.tensor_type.elem_type
            if elem not in FLOAT_TYPES:
                tname = TensorProto.DataType.Name(elem) if elem else "undefined"
                raise InputError(f"input '{vi.name}' has element type {tname}; "
                                 f"only float inputs are supported")
            shape = input_shape(vi, overrides)
            stem, k = sanitize(vi.name), 1
            fname = stem
            while fname in used:  # two names that sanitise alike
                fname, k = f"{stem}_{k}", k + 1
            used.add(fname)
            plan.append((vi.name, shape, FLOAT_TYPES[elem],
                         os.path.join(args.out, fname + ".npy")))
    except InputError as e:
        print(f"make_input.py: {args.model}: {e}", file=sys.stderr)
        return 1

    os.makedirs(args.out, exist_ok=True)
    rng = np.random.default_rng(args.seed)
    pairs = []
    for name, shape, dtype, path in plan:
        data = rng.uniform(-1.0, 1.0, size=shape).astype(dtype)
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            np.save(f, data)
        os.replace(tmp, path)
        pairs.append(f"{name}={path}")

    if args.args:
        print(" ".join(f"--input {shlex.quote(p)}" for p in pairs))
    else:
        print("\n".join(pairs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
