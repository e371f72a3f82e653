#!/usr/bin/python3
"""Writes a MobileNet-v1-shaped ONNX model that is not one of the bundled
examples, to check the compiler is not specialised to them.

    mobilenet_variant.py OUT.onnx [--width W] [--size S] [--classes N]
                         [--seed N] [--act relu|relu6] [--opset N]

The architecture is MobileNet-v1's (3x3 stride-2 stem, 13 depthwise-separable
blocks of Conv + BatchNormalization + activation, GlobalAveragePool,
Flatten, Gemm, Softmax), built with examples/onnx_builder.py; channels scale
with --width, --act relu6 is Clip(0, 6).
"""
import argparse
import os
import sys

sys.dont_write_bytecode = True
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                "..", "..", "..", "examples"))
import onnx  # noqa: E402
from onnx_builder import GraphBuilder  # noqa: E402

BLOCKS = [(64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
          (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1)]


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out")
    ap.add_argument("--width", type=float, default=0.75)
    ap.add_argument("--size", type=int, default=128)
    ap.add_argument("--classes", type=int, default=100)
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--act", choices=["relu", "relu6"], default="relu6")
    ap.add_argument("--opset", type=int, default=13)
    args = ap.parse_args()

    g = GraphBuilder("mobilenet_variant", seed=args.seed, opset=args.opset)
    x = g.input("input", [1, 3, args.size, args.size])
    x = g.conv_bn_act(x, int(32 * args.width), k=3, stride=2, act=args.act)
    for cout, stride in BLOCKS:
        cin = g.channels(x)
        x = g.conv_bn_act(x, cin, k=3, stride=stride, group=cin, act=args.act,
                          hint="conv_dw")
        x = g.conv_bn_act(x, int(cout * args.width), k=1, act=args.act,
                          hint="conv_pw")
    g.classifier_head(x, args.classes)
    model = g.make_model()
    onnx.checker.check_model(model, full_check=True)
    with open(args.out, "wb") as f:
        f.write(model.SerializeToString())
    return 0


if __name__ == "__main__":
    sys.exit(main())
