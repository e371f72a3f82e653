"""A float64 numpy interpreter for the few ONNX ops of the small example
models, so make_models.py can check a model's function without onnxruntime.

    outputs = run(model, {"input": x})     # {output name: array}

Supports Conv (any group, symmetric pads, no dilation), Relu, Clip, Add,
BatchNormalization (inference), Concat, GlobalAveragePool, Flatten, Reshape,
Identity, Gemm (transB) and Softmax; any other op is an error.
"""

import numpy as np
from onnx import helper, numpy_helper


def _attrs(node):
    return {a.name: helper.get_attribute_value(a) for a in node.attribute}


def _conv(x, w, b, strides, pads, group):
    n, c, h, wd = x.shape
    f, cg, kh, kw = w.shape
    sh, sw = strides
    x = np.pad(x, ((0, 0), (0, 0), (pads[0], pads[2]), (pads[1], pads[3])))
    oh = (x.shape[2] - kh) // sh + 1
    ow = (x.shape[3] - kw) // sw + 1
    cols = np.stack([x[:, :, i:i + sh * oh:sh, j:j + sw * ow:sw]
                     for i in range(kh) for j in range(kw)], axis=2)
    cols = cols.reshape(n, group, cg, kh * kw, oh, ow)
    y = np.einsum("gfck,ngckhw->ngfhw", w.reshape(group, f // group, cg, kh * kw), cols)
    y = y.reshape(n, f, oh, ow)
    return y if b is None else y + b.reshape(1, f, 1, 1)


def _softmax(x, axis):
    e = np.exp(x - x.max(axis=axis, keepdims=True))
    return e / e.sum(axis=axis, keepdims=True)


def _eval(node, ins):
    a = _attrs(node)
    op = node.op_type
    if op == "Conv":
        return _conv(ins[0], ins[1], ins[2] if len(ins) > 2 else None,
                     a.get("strides", [1, 1]), a.get("pads", [0, 0, 0, 0]),
                     a.get("group", 1))
    if op == "Relu":
        return np.maximum(ins[0], 0)
    if op == "Clip":  # opset >= 11: bounds are inputs
        lo = ins[1] if len(ins) > 1 and node.input[1] else -np.inf
        hi = ins[2] if len(ins) > 2 and node.input[2] else np.inf
        return np.clip(ins[0], lo, hi)
    if op == "Add":
        return ins[0] + ins[1]
    if op == "Identity":
        return ins[0]
    if op == "Reshape":
        shape = [ins[0].shape[i] if d == 0 else d
                 for i, d in enumerate(ins[1].astype(np.int64))]
        return ins[0].reshape(shape)
    if op == "BatchNormalization":
        x, gamma, beta, mean, var = ins
        r = (1, -1) + (1,) * (x.ndim - 2)
        scale = gamma / np.sqrt(var + a.get("epsilon", 1e-5))
        return (x - mean.reshape(r)) * scale.reshape(r) + beta.reshape(r)
    if op == "Concat":
        return np.concatenate(ins, axis=a["axis"])
    if op == "GlobalAveragePool":
        return ins[0].mean(axis=(2, 3), keepdims=True)
    if op == "Flatten":
        axis = a.get("axis", 1)
        return ins[0].reshape(int(np.prod(ins[0].shape[:axis])), -1)
    if op == "Gemm":
        x, w = ins[0], ins[1]
        if a.get("transA", 0):
            x = x.T
        y = a.get("alpha", 1.0) * (x @ (w.T if a.get("transB", 0) else w))
        return y + a.get("beta", 1.0) * ins[2] if len(ins) > 2 else y
    if op == "Softmax":
        return _softmax(ins[0], a.get("axis", -1))
    raise NotImplementedError(f"numpy_forward: op {op} ({node.name})")


def run(model, inputs):
    """Runs `model` on {input name: array}; returns {output name: array}."""
    env = {t.name: numpy_helper.to_array(t).astype(np.float64)
           for t in model.graph.initializer}
    env.update({k: np.asarray(v, np.float64) for k, v in inputs.items()})
    for node in model.graph.node:
        env[node.output[0]] = _eval(node, [env[i] if i else None
                                           for i in node.input])
    return {o.name: env[o.name] for o in model.graph.output}
