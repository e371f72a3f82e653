#!/usr/bin/python3
"""Turns an ONNX text-syntax model into a binary .onnx file, for tests.

    onnx_from_text.py MODEL.onnxtxt -o MODEL.onnx [--name-nodes]

libonnx 1.12's text syntax cannot name nodes; --name-nodes names every
unnamed node after its first output, so errors that name nodes can be tested.
The model must pass onnx.checker.check_model. Used through the lit
substitution %onnx-from-text.
"""
import argparse
import sys

import onnx
import onnx.checker
import onnx.parser


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("-o", dest="out", required=True)
    ap.add_argument("--name-nodes", action="store_true")
    args = ap.parse_args()
    with open(args.model) as f:
        model = onnx.parser.parse_model(f.read())
    if args.name_nodes:
        for node in model.graph.node:
            if not node.name:
                node.name = node.output[0]
    onnx.checker.check_model(model)
    with open(args.out, "wb") as f:
        f.write(model.SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
