#!/usr/bin/python3
"""Prints an ONNX model's graph one line per item, for FileCheck.

    print_onnx.py MODEL.onnx

`opset N`, then `input NAME TYPE [dims]`, `initializer NAME TYPE [dims]`
(`= [values]` for int64 vectors of up to 8 elements),
`node OP(inputs) -> outputs {attr=value, ...}` in graph order and
`output NAME TYPE [dims]`; TYPE is the ONNX element type name (FLOAT,
INT64, UINT8, BOOL...).
"""
import sys

import onnx
from onnx import helper, numpy_helper


def type_name(code):
    return onnx.TensorProto.DataType.Name(code)


def value_info(kind, vi):
    t = vi.type.tensor_type
    dims = [d.dim_value for d in t.shape.dim]
    return f"{kind} {vi.name} {type_name(t.elem_type)} {dims}"


def main():
    model = onnx.load(sys.argv[1])
    g = model.graph
    print("opset " + ", ".join(str(o.version) for o in model.opset_import))
    for vi in g.input:
        print(value_info("input", vi))
    for t in g.initializer:
        line = f"initializer {t.name} {type_name(t.data_type)} {list(t.dims)}"
        if t.data_type == onnx.TensorProto.INT64 and len(t.dims) == 1 and t.dims[0] <= 8:
            line += f" = {numpy_helper.to_array(t).tolist()}"
        print(line)
    for n in g.node:
        attrs = ", ".join(f"{a.name}={helper.get_attribute_value(a)!r}"
                          for a in sorted(n.attribute, key=lambda a: a.name))
        print(f"node {n.op_type}({', '.join(n.input)}) -> {', '.join(n.output)}"
              + (f" {{{attrs}}}" if attrs else ""))
    for vi in g.output:
        print(value_info("output", vi))


if __name__ == "__main__":
    main()
