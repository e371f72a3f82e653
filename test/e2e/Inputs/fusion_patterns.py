#!/usr/bin/python3
"""Writes a small ONNX model (opset 11) made of the patterns the fusion
passes rewrite, one per graph output, with constant weights:

    gemm_bn        Gemm(transB) + BatchNormalization over its columns
    pad_conv       Pad (zeros on H, W) + Conv stride 2
    transposes     Relu(Transpose(Transpose(x))) that cancel
    hard_swish     x * Clip(x + 3, 0, 6) / 6
    silu           x * Sigmoid(x)
    gelu           0.5 * x * (1 + Erf(x / sqrt 2))
    squeeze_excite Conv -> GAP -> Conv+Relu -> Conv+HardSigmoid -> Mul
    layer_norm     ReduceMean/Sub/Pow/Sqrt/Div * gamma + beta

    fusion_patterns.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(11)
inits, nodes = [], []


def const(name, array):
    inits.append(numpy_helper.from_array(np.asarray(array, np.float32), name))
    return name


def node(op, ins, out, **attrs):
    nodes.append(helper.make_node(op, ins, [out], name=out + "_node", **attrs))
    return out


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32) * 0.5


# Gemm + BN
g = node("Gemm", ["a", const("gw", rand(3, 4)), const("gc", rand(3))], "g", transB=1)
node("BatchNormalization", [g, const("bs", rand(3) + 1.5), const("bb", rand(3)),
                            const("bm", rand(3)), const("bv", np.abs(rand(3)) + 0.5)],
     "gemm_bn")
# Pad + Conv
pads = numpy_helper.from_array(np.array([0, 0, 0, 0, 0, 0, 1, 1], np.int64), "pads")
inits.append(pads)
p = node("Pad", ["x", "pads"], "p")
node("Conv", [p, const("pw", rand(4, 2, 3, 3)), const("pb", rand(4))], "pad_conv",
     strides=[2, 2])
# Transpose pair
t = node("Transpose", ["x"], "t1", perm=[0, 2, 3, 1])
t = node("Transpose", [t], "t2", perm=[0, 3, 1, 2])
node("Relu", [t], "transposes")
# Activations in primitives
s = node("Add", ["x", const("three", 3.0)], "hs_add")
s = node("Clip", [s, const("zero", 0.0), const("six", 6.0)], "hs_clip")
s = node("Mul", ["x", s], "hs_mul")
node("Div", [s, const("six_d", 6.0)], "hard_swish")
node("Mul", ["x", node("Sigmoid", ["x"], "sig")], "silu")
e = node("Div", ["a", const("sqrt2", np.sqrt(2.0))], "ge_div")
e = node("Erf", [e], "ge_erf")
e = node("Add", [e, const("one", 1.0)], "ge_add")
e = node("Mul", ["a", e], "ge_mul")
node("Mul", [e, const("half", 0.5)], "gelu")
# Squeeze-excite after a conv
c = node("Conv", ["x", const("sw", rand(8, 2, 3, 3)), const("sb", rand(8))], "se_in",
         pads=[1, 1, 1, 1])
q = node("GlobalAveragePool", [c], "se_pool")
q = node("Conv", [q, const("s1w", rand(2, 8, 1, 1)), const("s1b", rand(2))], "se_r")
q = node("Relu", [q], "se_relu")
q = node("Conv", [q, const("s2w", rand(8, 2, 1, 1)), const("s2b", rand(8))], "se_e")
q = node("HardSigmoid", [q], "se_gate", alpha=1.0 / 6, beta=0.5)
node("Mul", [c, q], "squeeze_excite")
# LayerNorm over the last axis
m = node("ReduceMean", ["a"], "ln_mean", axes=[-1])
d = node("Sub", ["a", m], "ln_d")
v = node("Pow", [d, const("two", 2.0)], "ln_sq")
v = node("ReduceMean", [v], "ln_var", axes=[-1])
v = node("Add", [v, const("eps", 1e-5)], "ln_eps")
v = node("Sqrt", [v], "ln_sqrt")
n = node("Div", [d, v], "ln_n")
n = node("Mul", [n, const("gamma", rand(4) + 1.0)], "ln_g")
node("Add", [n, const("beta", rand(4))], "layer_norm")

outputs = {"gemm_bn": [2, 3], "pad_conv": [1, 4, 4, 4], "transposes": [1, 2, 8, 8],
           "hard_swish": [1, 2, 8, 8], "silu": [1, 2, 8, 8], "gelu": [2, 4],
           "squeeze_excite": [1, 8, 8, 8], "layer_norm": [2, 4]}
graph = helper.make_graph(
    nodes, "fusion_patterns",
    [helper.make_tensor_value_info("a", TensorProto.FLOAT, [2, 4]),
     helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 2, 8, 8])],
    [helper.make_tensor_value_info(k, TensorProto.FLOAT, v) for k, v in outputs.items()],
    initializer=inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 11)])
model.ir_version = 7
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
