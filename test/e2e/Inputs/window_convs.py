#!/usr/bin/python3
"""Writes a model (opset 13) of the convs the window kernel computes, one
per graph output, with constant weights (BatchNorm-free, seeded):

    k3            3x3, pad 1, 12 -> 10 channels (2 rows left after whole
                  tiles), bias, Relu
    k3_s2         3x3, stride 2, pad 1, on an odd-sized input
    k1_s2         1x1, stride 2 (ResNet's projection shortcut)
    k5_dil2       5x5, dilation 2, pad 4
    k7_s2         7x7, stride 2, pad 3 (ResNet's stem over 12 channels)
    k3_rect       3x1 and 1x3 (asymmetric pads, stride (2, 1))
    grouped       3x3, 4 groups of 3 inputs -> 2 outputs each
    dw5           5x5 depthwise with a residual Add (fused into the conv)
    residual      3x3 + Add of the input + Relu (a ResNet basic block's end)
    sparse        3x3 with group<4x1> zeros: 60% of each 4-row tile's
                  (channel, tap) steps all zero -> the sparse kernel

    window_convs.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(5)
inits, nodes, outputs = [], [], []


def const(name, array):
    inits.append(numpy_helper.from_array(np.asarray(array, np.float32), name))
    return name


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32) * 0.3


def conv(out, x, w, bias=True, **attrs):
    ins = [x, const(out + "_w", w)]
    if bias:
        ins.append(const(out + "_b", rand(w.shape[0])))
    nodes.append(helper.make_node("Conv", ins, [out], name=out, **attrs))
    return out


def output(name):
    outputs.append(onnx.ValueInfoProto(name=name))


conv("k3_pre", "x", rand(10, 12, 3, 3), pads=[1, 1, 1, 1])
nodes.append(helper.make_node("Relu", ["k3_pre"], ["k3"]))
output("k3")
output(conv("k3_s2", "x", rand(8, 12, 3, 3), strides=[2, 2], pads=[1, 1, 1, 1]))
output(conv("k1_s2", "x", rand(16, 12, 1, 1), strides=[2, 2]))
output(conv("k5_dil2", "x", rand(8, 12, 5, 5), dilations=[2, 2], pads=[4, 4, 4, 4]))
output(conv("k7_s2", "x", rand(8, 12, 7, 7), strides=[2, 2], pads=[3, 3, 3, 3]))
t = conv("k3_rect_a", "x", rand(8, 12, 3, 1), strides=[2, 1], pads=[1, 0, 0, 0])
output(conv("k3_rect", t, rand(8, 8, 1, 3), pads=[0, 2, 0, 0]))
output(conv("grouped", "x", rand(8, 3, 3, 3), group=4, pads=[1, 1, 1, 1]))
d = conv("dw5_conv", "x", rand(12, 1, 5, 5), group=12, pads=[2, 2, 2, 2])
nodes.append(helper.make_node("Add", [d, "x"], ["dw5"]))
output("dw5")
r = conv("residual_conv", "x", rand(12, 12, 3, 3), pads=[1, 1, 1, 1])
nodes.append(helper.make_node("Add", [r, "x"], ["residual_sum"]))
nodes.append(helper.make_node("Relu", ["residual_sum"], ["residual"]))
output("residual")
w = rand(16, 12, 3, 3)
# group<4x1>: for each 4-row tile, zero 60% of the (channel, tap) columns.
cols = w.reshape(4, 4, 12 * 9)
for tile in range(4):
    cols[tile][:, rng.permutation(12 * 9)[:65]] = 0
output(conv("sparse", "x", cols.reshape(16, 12, 3, 3), pads=[1, 1, 1, 1]))

graph = helper.make_graph(
    nodes, "window_convs",
    [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 12, 15, 13])],
    outputs, inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
model = onnx.shape_inference.infer_shapes(model)
model.graph.ClearField("output")
model.graph.output.extend(v for o in outputs for v in model.graph.value_info
                          if v.name == o.name)
onnx.checker.check_model(model, full_check=True)
onnx.save(model, sys.argv[1])
