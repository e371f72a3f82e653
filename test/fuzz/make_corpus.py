#!/usr/bin/python3
"""Writes the seed corpus of sparrow-import-fuzzer into DIR.

    make_corpus.py DIR [--data /usr/share/libonnx-testdata/data] [--max-bytes N]

Seeds: every model.onnx of the ONNX backend test suites up to --max-bytes
(binary protobufs, opsets 1 to 17, all op kinds), and every model of the
text-syntax import tests in test/Import (the `#--- name.onnxtxt` parts of
each .onnxtxt file), so the fuzzer starts from both input formats.
"""

import argparse
import glob
import hashlib
import os
import re
import sys


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--data", default="/usr/share/libonnx-testdata/data")
    ap.add_argument("--max-bytes", type=int, default=16384)
    args = ap.parse_args(argv)
    os.makedirs(args.out, exist_ok=True)
    seeds = []
    for path in sorted(glob.glob(os.path.join(args.data, "*", "*", "model.onnx"))):
        if os.path.getsize(path) <= args.max_bytes:
            with open(path, "rb") as f:
                seeds.append(f.read())
    for path in sorted(glob.glob(os.path.join(here, "..", "Import", "*.onnxtxt"))):
        with open(path) as f:
            text = f.read()
        parts = re.split(r"^#--- .*$", text, flags=re.M)
        for part in parts if len(parts) > 1 else [text]:
            body = "\n".join(l for l in part.splitlines() if not l.startswith("#"))
            if "agraph" in body or "graph" in body:
                seeds.append(body.strip().encode() + b"\n")
    names = set()
    for data in seeds:
        name = hashlib.sha1(data).hexdigest()
        if name not in names:
            names.add(name)
            with open(os.path.join(args.out, name), "wb") as f:
                f.write(data)
    print(f"make_corpus.py: {len(names)} seeds in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
