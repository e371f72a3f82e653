#!/usr/bin/python3
"""Writes a small QDQ model with one of each layer shape sparrow-fuse-quantized
turns into an integer kernel, as onnxruntime's quantizer writes them:

  pw    1x1 conv, 6 filters (a partial row tile), relu, uint8 activations
  clip  1x1 conv, 8 filters, Clip(0, 6)
  dw    3x3 depthwise conv, stride 2, pads 1
  dense 3x3 conv over the 4 input channels (a first layer), 5 filters (a
        partial filter tile), stride 2 across, dilation 2 down, uneven pads
  s8    1x1 conv on int8 activations (zero point -3), uint8 weights (zp 128)
  dw5   5x5 depthwise conv (an odd tap count) on the int8 activations,
        uint8 weights (zp 128), pads 2
  mm    MatMul with per-column int8 weights
  sp    1x1 conv over `clip`, 12 filters x 8 channels with group<4x1> zero
        blocks (the filter tiles keep 3, 4 and 1 channels), relu
  sp8   1x1 conv on the int8 activations with uint8 weights (zp 10: beyond
        s8 once the zero point is taken off, so no target packs quads) whose
        group<4x1> zero blocks hold the zero point

    qdq_patterns.py OUT.onnx
"""

import sys

import numpy as np
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(7)
nodes, inits = [], []


def const(name, value):
    inits.append(numpy_helper.from_array(np.asarray(value), name))
    return name


def qdq(x, name, scale, zp):
    """x -> QuantizeLinear -> DequantizeLinear with per-tensor parameters."""
    s = const(name + "_s", np.float32(scale))
    z = const(name + "_z", zp)
    nodes.append(helper.make_node("QuantizeLinear", [x, s, z], [name + "_q"]))
    nodes.append(helper.make_node("DequantizeLinear", [name + "_q", s, z],
                                  [name]))
    return name


def weight(name, shape, dtype=np.int8, zp=0, axis=0, kept=None):
    """A stored weight and its DequantizeLinear, per channel along `axis`.
    With `kept` (per tile of 4 filters, its input channels), a 1x1 conv's
    other (4 x 1) blocks hold the zero point: group<4x1> sparsity."""
    lo, hi = (-127, 127) if dtype == np.int8 else (0, 255)
    q = rng.integers(lo, hi + 1, size=shape).astype(dtype)
    for t, channels in enumerate(kept or []):
        mask = np.ones(shape[1], bool)
        mask[list(channels)] = False
        q[4 * t:4 * t + 4, mask] = zp
    n = shape[axis]
    scale = (rng.random(n) * 0.01 + 0.002).astype(np.float32)
    z = np.full(n, zp, dtype=dtype)
    const(name + "_w", q)
    const(name + "_ws", scale)
    const(name + "_wz", z)
    nodes.append(helper.make_node("DequantizeLinear",
                                  [name + "_w", name + "_ws", name + "_wz"],
                                  [name + "_wf"], axis=axis))
    return name + "_wf", scale


def bias(name, x_scale, w_scale):
    q = rng.integers(-2000, 2000, size=w_scale.shape).astype(np.int32)
    const(name + "_b", q)
    const(name + "_bs", (np.float32(x_scale) * w_scale).astype(np.float32))
    const(name + "_bz", np.zeros(w_scale.shape, np.int32))
    nodes.append(helper.make_node("DequantizeLinear",
                                  [name + "_b", name + "_bs", name + "_bz"],
                                  [name + "_bf"], axis=0))
    return name + "_bf"


def conv(name, x, x_scale, filters, channels, k=1, dtype=np.int8, zp=0,
         kept=None, **attrs):
    w, ws = weight(name, (filters, channels // attrs.get("group", 1), k, k),
                   dtype, zp, kept=kept)
    b = bias(name, x_scale, ws)
    nodes.append(helper.make_node("Conv", [x, w, b], [name + "_y"], **attrs))
    return name + "_y"


XS = 0.02
x = qdq("x", "xq", XS, np.uint8(10))
y = conv("pw", x, XS, 6, 4)
nodes.append(helper.make_node("Relu", [y], ["pw_r"]))
qdq("pw_r", "pw", 0.03, np.uint8(0))
y = conv("clip", x, XS, 8, 4)
nodes.append(helper.make_node("Clip", [y, const("lo", np.float32(0)),
                                       const("hi", np.float32(6))],
                              ["clip_r"]))
qdq("clip_r", "clip", 0.025, np.uint8(5))
y = conv("dw", x, XS, 4, 4, k=3, group=4, strides=[2, 2], pads=[1, 1, 1, 1])
qdq(y, "dw", 0.01, np.uint8(128))
y = conv("dense", x, XS, 5, 4, k=3, strides=[1, 2], dilations=[2, 1],
         pads=[2, 1, 1, 0])
nodes.append(helper.make_node("Relu", [y], ["dense_r"]))
qdq("dense_r", "dense", 0.02, np.uint8(0))

xs8 = qdq("x", "xs8", XS, np.int8(-3))
w, ws = weight("s8", (4, 4, 1, 1), dtype=np.uint8, zp=128)
nodes.append(helper.make_node("Conv", [xs8, w], ["s8_y"]))
qdq("s8_y", "s8", 0.05, np.int8(2))
y = conv("dw5", xs8, XS, 4, 4, k=5, dtype=np.uint8, zp=128, group=4,
         pads=[2, 2, 2, 2])
qdq(y, "dw5", 0.02, np.int8(0))

a = qdq("a", "aq", 0.03, np.uint8(120))
w, _ = weight("mm", (4, 5), axis=1)
nodes.append(helper.make_node("MatMul", [a, w], ["mm_y"]))
qdq("mm_y", "mm", 0.004, np.uint8(128))

y = conv("sp", "clip", 0.025, 12, 8, kept=[(0, 2, 5), (1, 3, 4, 7), (6,)])
nodes.append(helper.make_node("Relu", [y], ["sp_r"]))
qdq("sp_r", "sp", 0.04, np.uint8(0))
w, _ = weight("sp8", (8, 4, 1, 1), dtype=np.uint8, zp=10, kept=[(1,), (0, 3)])
nodes.append(helper.make_node("Conv", [xs8, w], ["sp8_y"]))
qdq("sp8_y", "sp8", 0.05, np.int8(-1))

graph = helper.make_graph(
    nodes, "qdq_patterns",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 4, 11, 11]),
     helper.make_tensor_value_info("a", TensorProto.FLOAT, [1, 3, 4])],
    [helper.make_tensor_value_info(n, TensorProto.FLOAT, shape)
     for n, shape in [("pw", [1, 6, 11, 11]), ("clip", [1, 8, 11, 11]),
                      ("dw", [1, 4, 6, 6]), ("dense", [1, 5, 10, 5]),
                      ("s8", [1, 4, 11, 11]), ("dw5", [1, 4, 11, 11]),
                      ("mm", [1, 3, 5]), ("sp", [1, 12, 11, 11]),
                      ("sp8", [1, 8, 11, 11])]],
    inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
with open(sys.argv[1], "wb") as f:
    f.write(model.SerializeToString())
