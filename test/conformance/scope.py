"""Which ONNX backend tests the ONNX-coverage issue holds Sparrow to.

A test is in scope when every node is a default-domain op of OPS and every
tensor at the model's boundary (graph inputs, graph outputs, initializers,
Constant values) is float32, except int64 (or int32) data that feeds an
op's shape-like inputs: Reshape's shape, Slice's starts, Gather's indices,
Reduce*'s axes, and so on. The quantization issue adds the QDQ and integer
ops (QUANT_OPS): their data may be uint8/int8/int32, and their scales and
zero points are bound at compile time like shape inputs (they become the
quantized types). The decision reads the model only; nothing is compiled.
"""

import onnx

# The op list of the issue (float32; int8 ops come with quantization).
OPS = frozenset("""
Conv ConvTranspose Gemm MatMul BatchNormalization InstanceNormalization
LayerNormalization Relu LeakyRelu PRelu Elu Clip Sigmoid HardSigmoid HardSwish
Tanh Erf Gelu Exp Log Sqrt Reciprocal Pow Neg Abs Floor Ceil Softmax LogSoftmax
Add Sub Mul Div Max Min Sum Mean MaxPool AveragePool GlobalAveragePool
GlobalMaxPool ReduceMean ReduceSum ReduceMax ReduceMin ReduceL2 ArgMax Concat
Split Slice Gather Reshape Flatten Transpose Squeeze Unsqueeze Pad Resize
Upsample DepthToSpace SpaceToDepth Identity Dropout Cast Constant
ConstantOfShape Shape Range Expand Tile Where Equal Greater Less Not
QuantizeLinear DequantizeLinear QLinearConv QLinearMatMul ConvInteger
MatMulInteger
Mod ScatterND ScatterElements Scatter GatherElements GatherND Trilu CumSum
TopK NonZero If Loop Einsum
""".split())

# Scale and zero-point inputs of the quantized ops: compile-time data.
QUANT_PARAM_INPUTS = {
    "QuantizeLinear": {1, 2}, "DequantizeLinear": {1, 2},
    "QLinearConv": {1, 2, 4, 5, 6, 7}, "QLinearMatMul": {1, 2, 4, 5, 6, 7},
    "ConvInteger": {2, 3}, "MatMulInteger": {2, 3},
}
# Inputs of the quantized ops that carry 8-bit (or int32 bias) data.
QUANT_DATA_INPUTS = {
    "DequantizeLinear": {0}, "QLinearConv": {0, 3, 8},
    "QLinearMatMul": {0, 3}, "ConvInteger": {0, 1}, "MatMulInteger": {0, 1},
}
QUANT_OUTPUT_OPS = frozenset(["QuantizeLinear", "QLinearConv", "QLinearMatMul",
                              "ConvInteger", "MatMulInteger"])

# Inputs (by position) where integer data may flow: the shape-like inputs
# (shape, axes, indices, pads, repeats, sizes, starts/ends/steps) and the
# ops that compute on such data inside a model (Concat, Cast, comparisons...).
INT_INPUTS = {
    "Reshape": {1}, "Expand": {1}, "Tile": {1}, "ConstantOfShape": {0},
    "Gather": {0, 1}, "Slice": {0, 1, 2, 3, 4}, "Split": {0, 1},
    "Squeeze": {0, 1}, "Unsqueeze": {0, 1}, "Pad": {1}, "Resize": {1, 3},
    "ReduceMean": {1}, "ReduceSum": {1}, "ReduceMax": {1}, "ReduceMin": {1},
    "ReduceL2": {1}, "Range": {0, 1, 2}, "Pow": {1}, "Cast": {0},
    "Concat": set(range(64)), "Equal": {0, 1}, "Greater": {0, 1},
    "Less": {0, 1}, "Where": {0, 1, 2}, "Not": {0}, "Add": {0, 1},
    "Sub": {0, 1}, "Mul": {0, 1}, "Div": {0, 1}, "Identity": {0},
    "ScatterND": {1}, "ScatterElements": {1}, "Scatter": {1},
    "GatherElements": {1}, "GatherND": {1}, "Trilu": {1}, "CumSum": {1},
    "TopK": {1}, "Mod": {0, 1}, "If": {0}, "Loop": {0, 1},
}

# The shape-like inputs alone: an integer graph input may only feed these
# (its values are bound at compile time; data inputs such as an integer
# exponent or comparison operands are out of scope).
SHAPE_INT_INPUTS = {
    "Reshape": {1}, "Expand": {1}, "Tile": {1}, "ConstantOfShape": {0},
    "Gather": {1}, "Slice": {1, 2, 3, 4}, "Split": {1}, "Squeeze": {1},
    "Unsqueeze": {1}, "Pad": {1}, "Resize": {3}, "ReduceMean": {1},
    "ReduceSum": {1}, "ReduceMax": {1}, "ReduceMin": {1}, "ReduceL2": {1},
    "Range": {0, 1, 2}, "ScatterND": {1}, "ScatterElements": {1},
    "Scatter": {1}, "GatherElements": {1}, "GatherND": {1}, "Trilu": {1},
    "CumSum": {1}, "TopK": {1},
}

# Float inputs that decide output shapes: like the integer ones, their values
# are bound at compile time (a compiled model has static shapes).
SHAPE_FLOAT_INPUTS = {"Resize": {1, 2}, "Upsample": {1}, "Range": {0, 1, 2}}

FLOAT, INT32, INT64, BOOL = (onnx.TensorProto.FLOAT, onnx.TensorProto.INT32,
                             onnx.TensorProto.INT64, onnx.TensorProto.BOOL)
QUANT_TYPES = (onnx.TensorProto.UINT8, onnx.TensorProto.INT8, INT32)


def type_name(code):
    return onnx.TensorProto.DataType.Name(code).lower() if code else "unknown"


def _elem_type(value_info):
    t = value_info.type
    if not t.HasField("tensor_type"):
        return None  # sequences, maps, optionals
    return t.tensor_type.elem_type


def classify(model):
    """Returns (in_scope, reason, info) for a loaded ModelProto. `info` holds
    the op types, the default-domain opset and the inputs to bind at compile
    time (integer data, and float inputs that decide output shapes)."""
    graph = model.graph
    opset = next((o.version for o in model.opset_import
                  if o.domain in ("", "ai.onnx")), None)
    ops = sorted({n.op_type for n in graph.node})
    info = {"ops": ops, "opset": opset, "bound_inputs": []}
    foreign = sorted({f"{n.domain}.{n.op_type}" for n in graph.node
                      if n.domain not in ("", "ai.onnx")})
    if foreign:
        return False, "ops of other domains: " + ", ".join(foreign), info
    missing = [op for op in ops if op not in OPS]
    if missing:
        return False, "ops not in the issue's list: " + ", ".join(missing), info

    # Positions where int data may flow in, by value name.
    int_consumers, shape_ints, shape_floats = set(), set(), set()
    quant_params, quant_data, quant_outputs = set(), set(), set()
    uses = {}
    for n in graph.node:
        for i, name in enumerate(n.input):
            uses.setdefault(name, []).append((n.op_type, i))
            if i in INT_INPUTS.get(n.op_type, ()):
                int_consumers.add(name)
            if i in SHAPE_FLOAT_INPUTS.get(n.op_type, ()):
                shape_floats.add(name)
            if i in QUANT_DATA_INPUTS.get(n.op_type, ()):
                quant_data.add(name)
        if n.op_type in QUANT_OUTPUT_OPS:
            quant_outputs.update(n.output)
    for name, where in uses.items():
        if all(i in SHAPE_INT_INPUTS.get(op, ()) for op, i in where):
            shape_ints.add(name)
        if all(i in QUANT_PARAM_INPUTS.get(op, ()) for op, i in where):
            quant_params.add(name)
    initializers = {t.name: t for t in graph.initializer}

    def int_ok(name, code):
        if code in QUANT_TYPES and name in quant_params | quant_data:
            return True
        return code in (INT64, INT32) and name in int_consumers

    for t in graph.initializer:
        if t.data_type != FLOAT and not int_ok(t.name, t.data_type):
            return False, (f"initializer '{t.name}' is "
                           f"{type_name(t.data_type)}"), info
    for n in graph.node:
        if n.op_type == "Constant":
            for a in n.attribute:
                if a.name == "value" and a.t.data_type != FLOAT and \
                        not int_ok(n.output[0], a.t.data_type):
                    return False, (f"Constant '{n.output[0]}' is "
                                   f"{type_name(a.t.data_type)}"), info
                if a.name in ("sparse_value", "value_string", "value_strings"):
                    return False, f"Constant '{n.output[0]}' is {a.name}", info
        if n.op_type == "Cast":
            to = next((a.i for a in n.attribute if a.name == "to"), None)
            if to != FLOAT and n.output[0] not in int_consumers:
                return False, f"Cast to {type_name(to)}", info
    for vi in graph.input:
        if vi.name in initializers:
            continue
        code = _elem_type(vi)
        if vi.name in quant_params and code in (FLOAT,) + QUANT_TYPES:
            info["bound_inputs"].append(vi.name)
            continue
        if vi.name in quant_data and code in QUANT_TYPES:
            continue
        if code == FLOAT:
            if vi.name in shape_floats:
                info["bound_inputs"].append(vi.name)
            continue
        if code in (INT64, INT32) and vi.name in shape_ints:
            info["bound_inputs"].append(vi.name)
            continue
        return False, f"graph input '{vi.name}' is {type_name(code)}", info
    for vi in graph.output:
        code = _elem_type(vi)
        if code in QUANT_TYPES and vi.name in quant_outputs:
            continue
        if code != FLOAT:
            # Outside the scope, but a compiled model can return
            # int64 (ArgMax) and bool (comparisons) outputs: run.py
            # --extended runs these too, counted apart.
            info["extended"] = all(_elem_type(o) in (FLOAT, INT64, BOOL)
                                   for o in graph.output)
            return False, f"graph output '{vi.name}' is {type_name(code)}", info
    return True, "", info
