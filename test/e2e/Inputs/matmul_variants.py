#!/usr/bin/python3
"""Writes a model (opset 13) of the MatMul and Gemm forms the matmul kernel
takes, one per graph output:

    linear      [1, 13, 24] x constant [24, 20] (a Linear over 13 tokens)
    linear_bias Gemm(A [13, 24], constant B^T [20, 24], C [20]) + Relu
    attention   [2, 3, 13, 8] x [2, 3, 8, 13] (batched activations, M = 13
                padded to whole tiles)
    values      Softmax(attention) x [2, 3, 13, 8]
    broadcast   [13, 8] x [2, 8, 5] (A shared by B's batches: loops)
    pruned      [1, 13, 24] x constant [24, 20] with 60% of its group<4x1>
                blocks (4 output columns of one input row) zero: the
                transposed sparse product where the target takes it

    matmul_variants.py OUT.onnx
"""
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

rng = np.random.default_rng(3)
inits, nodes = [], []


def const(name, array):
    inits.append(numpy_helper.from_array(np.asarray(array, np.float32), name))
    return name


def rand(*shape):
    return rng.standard_normal(shape).astype(np.float32) * 0.3


def node(op, ins, out, **attrs):
    nodes.append(helper.make_node(op, ins, [out], name=out, **attrs))
    return out


node("MatMul", ["tokens", const("w", rand(24, 20))], "linear")
flat = node("Reshape", ["tokens", const("flat_shape", [13, 24])], "flat")
inits[-1] = numpy_helper.from_array(np.array([13, 24], np.int64), "flat_shape")
g = node("Gemm", [flat, const("wt", rand(20, 24)), const("c", rand(20))], "gemm",
         transB=1)
node("Relu", [g], "linear_bias")
node("MatMul", ["q", "kt"], "attention")
p = node("Softmax", ["attention"], "probs", axis=-1)
node("MatMul", [p, "v"], "values")
node("MatMul", ["a2", "b3"], "broadcast")
pruned = rand(24, 20).reshape(24, 5, 4)
pruned[rng.permutation(24 * 5).reshape(24, 5) < 72] = 0.0
node("MatMul", ["tokens", const("w_pruned", pruned.reshape(24, 20))], "pruned")

f = TensorProto.FLOAT
inputs = [helper.make_tensor_value_info(n, f, s) for n, s in [
    ("tokens", [1, 13, 24]), ("q", [2, 3, 13, 8]), ("kt", [2, 3, 8, 13]),
    ("v", [2, 3, 13, 8]), ("a2", [13, 8]), ("b3", [2, 8, 5])]]
outputs = [helper.make_tensor_value_info(n, f, s) for n, s in [
    ("linear", [1, 13, 20]), ("linear_bias", [13, 20]),
    ("attention", [2, 3, 13, 13]), ("values", [2, 3, 13, 8]),
    ("broadcast", [2, 13, 5]), ("pruned", [1, 13, 20])]]
graph = helper.make_graph(nodes, "matmul_variants", inputs, outputs, inits)
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model, full_check=True)
onnx.save(model, sys.argv[1])
