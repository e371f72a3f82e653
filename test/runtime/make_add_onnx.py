"""Writes add.onnx: the ONNX twin of fake_model.c, for comparing ort-run.mjs
(onnxruntime) with the runners on the fake compiled model.

    sum          = a + b
    double/sum:0 = 2 * sum          (a, b: float32 [3, 4])
"""
import sys

import onnx
from onnx import TensorProto, helper

f32 = TensorProto.FLOAT
two = helper.make_tensor("two", f32, [], [2.0])
graph = helper.make_graph(
    [helper.make_node("Add", ["a", "b"], ["sum"]),
     helper.make_node("Mul", ["sum", "two"], ["double/sum:0"])],
    "fake_add",
    [helper.make_tensor_value_info("a", f32, [3, 4]),
     helper.make_tensor_value_info("b", f32, [3, 4])],
    [helper.make_tensor_value_info("sum", f32, [3, 4]),
     helper.make_tensor_value_info("double/sum:0", f32, [3, 4])],
    initializer=[two])
model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
model.ir_version = 8
onnx.checker.check_model(model)
onnx.save(model, sys.argv[1])
