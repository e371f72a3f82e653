#!/usr/bin/python3
"""Builds Sparrow's example ONNX models, deterministically.

    make_models.py --out DIR [--only NAME[,NAME...]] [--list]

Every model is a function returning an onnx.ModelProto, registered in MODELS
with a one-line description. Each has its own fixed seed, so a model's bytes
do not depend on which other models are built. Every model passes
onnx.checker.check_model(full_check=True) before it is written.

To add a model: write `def my_model():` using GraphBuilder (onnx_builder.py)
and add it to MODELS.
"""

import argparse
import os
import sys
import time

import numpy as np
import onnx

sys.dont_write_bytecode = True  # no __pycache__ in the source tree
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from onnx_builder import GraphBuilder  # noqa: E402

# MobileNet-v1 depthwise-separable blocks: (pointwise output channels, stride).
MOBILENET_V1_BLOCKS = [
    (64, 1), (128, 2), (128, 1), (256, 2), (256, 1), (512, 2),
    (512, 1), (512, 1), (512, 1), (512, 1), (512, 1), (1024, 2), (1024, 1),
]


def _mobilenet_v1(name, seed, width, size, act, plain_conv_every=0,
                  flatten="flatten", doc=""):
    """MobileNet-v1. When plain_conv_every=k > 0, every k-th block uses convs
    with bias and no BatchNormalization (both its depthwise and pointwise)."""
    g = GraphBuilder(name, seed=seed, opset=13, doc=doc)
    x = g.input("input", [1, 3, size, size])
    x = g.conv_bn_act(x, int(32 * width), k=3, stride=2, act=act)
    for i, (cout, stride) in enumerate(MOBILENET_V1_BLOCKS):
        plain = plain_conv_every > 0 and i % plain_conv_every == plain_conv_every - 1
        cin = g.channels(x)
        x = g.conv_bn_act(x, cin, k=3, stride=stride, group=cin, act=act,
                          bn=not plain, bias=plain, hint="conv_dw")
        x = g.conv_bn_act(x, int(cout * width), k=1, act=act,
                          bn=not plain, bias=plain, hint="conv_pw")
    g.classifier_head(x, 1000, flatten=flatten)
    return g.make_model()


def mobilenet_v1():
    """MobileNet-v1 224x224, width 1.0, 1000 classes, Conv+BN+Relu (opset 13)."""
    return _mobilenet_v1(
        "mobilenet_v1", seed=1, width=1.0, size=224, act="relu",
        doc="MobileNet-v1 224x224 width 1.0, random He-scaled weights")


def mobilenet_v1_clip():
    """MobileNet-v1 160x160, width 0.5, Clip(0,6), some convs with bias and no
    BN, Reshape instead of Flatten in the head (opset 13)."""
    return _mobilenet_v1(
        "mobilenet_v1_clip", seed=2, width=0.5, size=160, act="relu6",
        plain_conv_every=3, flatten="reshape",
        doc="MobileNet-v1 160x160 width 0.5 with Clip(0,6); blocks 3,6,9,12 "
            "use conv+bias without BatchNormalization")


def _residual_block(g, x, cout, stride):
    cin = g.channels(x)
    y = g.conv_bn_act(x, cout, k=3, stride=stride, act="relu")
    y = g.conv_bn_act(y, cout, k=3, act=None)
    if stride != 1 or cin != cout:  # 1x1 projection shortcut
        x = g.conv_bn_act(x, cout, k=1, stride=stride, act=None, hint="conv_proj")
    y = g.node("Add", [y, x], shape=g.shapes[y])
    return g.act(y, "relu")


def resnet_tiny():
    """Tiny residual CNN 32x32 with Concat, pooling, broadcasting arithmetic,
    SiLU/squeeze-excite gates, Reshape/Transpose/MatMul (opset 13)."""
    g = GraphBuilder("resnet_tiny", seed=3, opset=13,
                     doc="tiny residual CNN exercising the basic op set")
    x = g.input("input", [1, 3, 32, 32])
    x = g.conv_bn_act(x, 16, k=3, act="relu")                    # [1,16,32,32]
    x = _residual_block(g, x, 16, stride=1)                      # identity shortcut
    x = _residual_block(g, x, 32, stride=2)                      # [1,32,16,16]

    # Two branches joined along channels.
    a = g.conv_bn_act(x, 16, k=1, act="relu")
    b = g.conv_bn_act(x, 16, k=3, act="relu6")
    n, _, h, w = g.shapes[a]
    x = g.node("Concat", [a, b], shape=[n, 32, h, w], axis=1)   # [1,32,16,16]

    # Per-channel affine with broadcasting of [1,C,1,1] constants.
    shape, c = g.shapes[x], 32
    x = g.node("Mul", [x, g.const("scale", g.uniform([1, c, 1, 1], 0.5, 1.5))], shape=shape)
    x = g.node("Sub", [x, g.const("shift", g.small_normal([1, c, 1, 1]))], shape=shape)
    x = g.node("Div", [x, g.const("divisor", g.uniform([1, c, 1, 1], 0.5, 2.0))], shape=shape)

    # SiLU: x * Sigmoid(x) (elementwise, same shapes).
    x = g.node("Mul", [x, g.act(x, "sigmoid")], shape=shape)

    # Squeeze-excite gate: [1,C,H,W] * HardSigmoid(...)[1,C,1,1].
    s = g.node("GlobalAveragePool", [x], hint="se_pool", shape=[n, c, 1, 1])
    s = g.conv_bn_act(s, 8, k=1, act="relu", bn=False, bias=True, hint="se_reduce")
    s = g.conv_bn_act(s, c, k=1, act="hardsigmoid", bn=False, bias=True, hint="se_expand")
    x = g.node("Mul", [x, s], hint="se_scale", shape=shape)

    x = g.node("MaxPool", [x], shape=[n, c, 8, 8],
               kernel_shape=[3, 3], strides=[2, 2], pads=[1, 1, 1, 1])
    x = g.node("AveragePool", [x], shape=[n, c, 4, 4],
               kernel_shape=[2, 2], strides=[2, 2])

    # Token mixing: [1,C,4,4] -> [1,16,C] @ [C,C] -> back to [1,C,4,4], + residual.
    t = g.node("Reshape", [x, g.const("tokens.shape", np.array([n, c, 16], np.int64))],
               shape=[n, c, 16])
    t = g.node("Transpose", [t], shape=[n, 16, c], perm=[0, 2, 1])
    t = g.node("MatMul", [t, g.const("mix.weight", g.he_normal([c, c], c, gain=1.0))],
               shape=[n, 16, c])
    t = g.node("Transpose", [t], shape=[n, c, 16], perm=[0, 2, 1])
    t = g.node("Reshape", [t, g.const("image.shape", np.array([n, c, 4, 4], np.int64))],
               shape=[n, c, 4, 4])
    x = g.node("Add", [x, t], shape=[n, c, 4, 4])

    g.classifier_head(x, 10)
    return g.make_model()


def activations_opset14():
    """Small CNN 16x16 with HardSwish (opset 14), HardSigmoid with default
    alpha/beta, Clip with only min or only max given, Sigmoid."""
    g = GraphBuilder("activations_opset14", seed=4, opset=14,
                     doc="activation functions at opset 14 (HardSwish)")
    x = g.input("input", [1, 3, 16, 16])
    x = g.conv_bn_act(x, 8, k=3, act="hardswish")                 # [1,8,16,16]
    x = g.conv_bn_act(x, 8, k=3, stride=2, group=8, act="hardswish")  # [1,8,8,8]
    x = g.conv_bn_act(x, 16, k=1, act=None)
    shape = g.shapes[x]
    # Clip with only `min` (max omitted): a Relu in disguise.
    x = g.node("Clip", [x, g.scalar_const("clip_min", 0.0)], hint="clip", shape=shape)
    y = g.conv_bn_act(x, 16, k=1, act=None, bn=False, bias=True)
    # HardSigmoid with ONNX's default alpha=0.2, beta=0.5.
    y = g.node("HardSigmoid", [y], shape=shape)
    x = g.node("Mul", [x, y], shape=shape)
    z = g.conv_bn_act(x, 16, k=3, act="sigmoid")
    x = g.node("Add", [x, z], shape=shape)
    # Clip with only `max` (min given as the empty name).
    x = g.node("Clip", [x, "", g.scalar_const("clip_max", 6.0)], hint="clip", shape=shape)
    g.classifier_head(x, 10)
    return g.make_model()


MODELS = {
    "mobilenet_v1": mobilenet_v1,
    "mobilenet_v1_clip": mobilenet_v1_clip,
    "resnet_tiny": resnet_tiny,
    "activations_opset14": activations_opset14,
}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--out", help="output directory (created if missing)")
    ap.add_argument("--only", help="comma-separated model names to build")
    ap.add_argument("--list", action="store_true", help="list the models and exit")
    args = ap.parse_args(argv)

    if args.list:
        for name, fn in MODELS.items():
            print(f"{name}: {' '.join(fn.__doc__.split())}")
        return 0
    if not args.out:
        ap.error("--out DIR is required (or use --list)")

    names = list(MODELS)
    if args.only:
        names = [n.strip() for n in args.only.split(",") if n.strip()]
        unknown = [n for n in names if n not in MODELS]
        if unknown:
            print(f"make_models.py: unknown model(s) {', '.join(unknown)}; "
                  f"known: {', '.join(MODELS)}", file=sys.stderr)
            return 1

    os.makedirs(args.out, exist_ok=True)
    for name in names:
        start = time.perf_counter()
        model = MODELS[name]()
        path = os.path.join(args.out, f"{name}.onnx")
        tmp = path + ".tmp"
        with open(tmp, "wb") as f:
            f.write(model.SerializeToString())
        os.replace(tmp, path)  # never leave a half-written model behind
        params = sum(int(np.prod(t.dims)) for t in model.graph.initializer)
        print(f"{path}: {len(model.graph.node)} nodes, {params} parameters, "
              f"{os.path.getsize(path)} bytes, {time.perf_counter() - start:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
