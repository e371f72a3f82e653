"""Which ONNX backend tests the ONNX-coverage issue holds Sparrow to.

A test is in scope when every node is a default-domain op of OPS and every
tensor at the model's boundary (graph inputs, graph outputs, initializers,
Constant values) is float32, except int64 (or int32) data that feeds an
op's shape-like inputs: Reshape's shape, Slice's starts, Gather's indices,
Reduce*'s axes, and so on. The decision reads the model only; nothing is
compiled.
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
""".split())

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
}

# The shape-like inputs alone: an integer graph input may only feed these
# (its values are bound at compile time; data inputs such as an integer
# exponent or comparison operands are out of scope).
SHAPE_INT_INPUTS = {
    "Reshape": {1}, "Expand": {1}, "Tile": {1}, "ConstantOfShape": {0},
    "Gather": {1}, "Slice": {1, 2, 3, 4}, "Split": {1}, "Squeeze": {1},
    "Unsqueeze": {1}, "Pad": {1}, "Resize": {3}, "ReduceMean": {1},
    "ReduceSum": {1}, "ReduceMax": {1}, "ReduceMin": {1}, "ReduceL2": {1},
    "Range": {0, 1, 2},
}

# Float inputs that decide output shapes: like the integer ones, their values
# are bound at compile time (a compiled model has static shapes).
SHAPE_FLOAT_INPUTS = {"Resize": {1, 2}, "Upsample": {1}, "Range": {0, 1, 2}}

FLOAT, INT32, INT64, BOOL = (onnx.TensorProto.FLOAT, onnx.TensorProto.INT32,
                             onnx.TensorProto.INT64, onnx.TensorProto.BOOL)


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
    uses = {}
    for n in graph.node:
        for i, name in enumerate(n.input):
            uses.setdefault(name, []).append((n.op_type, i))
            if i in INT_INPUTS.get(n.op_type, ()):
                int_consumers.add(name)
            if i in SHAPE_FLOAT_INPUTS.get(n.op_type, ()):
                shape_floats.add(name)
    for name, where in uses.items():
        if all(i in SHAPE_INT_INPUTS.get(op, ()) for op, i in where):
            shape_ints.add(name)
    initializers = {t.name: t for t in graph.initializer}

    def int_ok(name, code):
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
        if code != FLOAT:
            # Outside the scope, but a compiled model can return
            # int64 (ArgMax) and bool (comparisons) outputs: run.py
            # --extended runs these too, counted apart.
            info["extended"] = all(_elem_type(o) in (FLOAT, INT64, BOOL)
                                   for o in graph.output)
            return False, f"graph output '{vi.name}' is {type_name(code)}", info
    return True, "", info
