#!/usr/bin/python3
"""Writes an ONNX model's graph as JSON plus one weights file, for the
benchmark's TF.js interpreter (bench/tfjs-onnx.mjs), which cannot read
protobuf.

    export_graph.py MODEL.onnx OUT.json [--shape name:1x3x224x224]

OUT.json holds the graph inputs (initializers excluded), the output names,
the nodes in graph order ({op, name, inputs, outputs, attrs}) and every
constant tensor (initializers and Constant nodes, which are dropped from the
node list). Float tensors are stored as little-endian float32 in OUT.bin
(the JSON gives each one's byte offset and element count); integer tensors,
which are small (shapes, axes), are inlined as lists.
"""

import argparse
import json
import os
import sys

import numpy as np
import onnx
from onnx import numpy_helper


def attr_value(attr):
    value = onnx.helper.get_attribute_value(attr)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    if isinstance(value, onnx.TensorProto):
        return {"tensor": numpy_helper.to_array(value).tolist()}
    if isinstance(value, (list, tuple)):
        return [v.decode("utf-8", "replace") if isinstance(v, bytes) else v for v in value]
    if isinstance(value, (int, float, str)):
        return value
    return {"unsupported": onnx.AttributeProto.AttributeType.Name(attr.type)}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("model")
    ap.add_argument("out", help="OUT.json; weights go to OUT.bin")
    ap.add_argument("--shape", action="append", default=[], metavar="NAME:DxDx...")
    args = ap.parse_args(argv)

    model = onnx.load(args.model)
    graph = model.graph
    opset = next((o.version for o in model.opset_import if o.domain in ("", "ai.onnx")), 0)
    overrides = {}
    for spec in args.shape:
        name, _, dims = spec.rpartition(":")
        overrides[name] = [int(d) for d in dims.split("x")]

    blobs = []
    offset = 0
    tensors = {}

    def add_tensor(name, array):
        nonlocal offset
        if array.dtype.kind == "f":
            data = np.ascontiguousarray(array, dtype="<f4")
            tensors[name] = {"dtype": "float32", "shape": list(array.shape),
                             "offset": offset, "count": int(data.size)}
            blobs.append(data.tobytes())
            offset += data.nbytes
        elif array.dtype.kind in "iub":
            tensors[name] = {"dtype": "int64", "shape": list(array.shape),
                             "values": [int(v) for v in array.reshape(-1)]}
        else:
            raise SystemExit(f"export_graph: tensor '{name}' has unsupported dtype {array.dtype}")

    for init in graph.initializer:
        add_tensor(init.name, numpy_helper.to_array(init))

    nodes = []
    for node in graph.node:
        if node.op_type == "Constant":
            attr = {a.name: a for a in node.attribute}
            if "value" in attr:
                array = numpy_helper.to_array(attr["value"].t)
            elif "value_float" in attr:
                array = np.array(attr["value_float"].f, dtype=np.float32)
            elif "value_floats" in attr:
                array = np.array(list(attr["value_floats"].floats), dtype=np.float32)
            elif "value_int" in attr:
                array = np.array(attr["value_int"].i, dtype=np.int64)
            elif "value_ints" in attr:
                array = np.array(list(attr["value_ints"].ints), dtype=np.int64)
            else:
                raise SystemExit(f"export_graph: Constant '{node.name}' has no supported value")
            add_tensor(node.output[0], array)
            continue
        nodes.append({
            "op": node.op_type,
            "domain": node.domain,
            "name": node.name,
            "inputs": list(node.input),
            "outputs": list(node.output),
            "attrs": {a.name: attr_value(a) for a in node.attribute},
        })

    inputs = []
    for value in graph.input:
        if value.name in tensors:
            continue
        dims = [d.dim_value if d.HasField("dim_value") else None
                for d in value.type.tensor_type.shape.dim]
        shape = overrides.get(value.name, dims)
        if any(d is None for d in shape):
            raise SystemExit(f"export_graph: input '{value.name}' has a dynamic shape; pass --shape")
        inputs.append({"name": value.name, "shape": shape})

    doc = {
        "model": os.path.basename(args.model),
        "opset": opset,
        "inputs": inputs,
        "outputs": [v.name for v in graph.output],
        "nodes": nodes,
        "tensors": tensors,
        "weights": os.path.basename(os.path.splitext(args.out)[0] + ".bin"),
    }
    bin_path = os.path.splitext(args.out)[0] + ".bin"
    with open(bin_path + ".partial", "wb") as f:
        for b in blobs:
            f.write(b)
    with open(args.out + ".partial", "w") as f:
        json.dump(doc, f)
    os.replace(bin_path + ".partial", bin_path)
    os.replace(args.out + ".partial", args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
