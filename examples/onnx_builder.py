"""A small helper for building ONNX example graphs with onnx.helper.

GraphBuilder keeps the node list, the initializers and a seeded numpy RNG, and
tracks the channel count and spatial size of every 4-D value it creates, so a
model function reads like the architecture it describes:

    g = GraphBuilder("net", seed=1, opset=13)
    x = g.input("input", [1, 3, 32, 32])
    x = g.conv_bn_act(x, 16, k=3, stride=2)
    ...
    return g.make_model()

Weights are random but scaled so activations stay O(1) through any depth:
conv and matmul weights use He-style scaling (std = sqrt(2 / fan_in)), and
BatchNormalization gets gamma ~ U(0.5, 1.5), beta ~ N(0, 0.1),
mean ~ N(0, 0.1), var ~ U(0.5, 1.5).
"""

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

PRODUCER = "sparrow-examples"


class GraphBuilder:
    def __init__(self, name, seed, opset, doc=""):
        self.name = name
        self.opset = opset
        self.doc = doc
        self.rng = np.random.default_rng(seed)
        self.nodes = []
        self.initializers = []
        self.inputs = []
        self.outputs = []
        self.shapes = {}  # value name -> list of ints (static shapes only)
        self._counts = {}

    # ----------------------------------------------------------------- names
    def reserve(self, hint):
        """A fresh node name, for naming a layer's weights after it."""
        return self._unique(hint)

    def _unique(self, hint):
        n = self._counts.get(hint, 0)
        self._counts[hint] = n + 1
        return f"{hint}_{n}"

    # ----------------------------------------------------------- primitives
    def input(self, name, shape, dtype=TensorProto.FLOAT):
        self.inputs.append(helper.make_tensor_value_info(name, dtype, shape))
        self.shapes[name] = list(shape)
        return name

    def output(self, value, dtype=TensorProto.FLOAT):
        """Marks `value` as a graph output (its shape as tracked, if known)."""
        self.outputs.append(
            helper.make_tensor_value_info(value, dtype, self.shapes.get(value)))
        return value

    def const(self, hint, array, exact=False):
        """Adds an initializer and returns its name (`hint` made unique
        unless `exact`)."""
        name = hint if exact else self._unique(hint)
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        self.shapes[name] = list(np.shape(array))
        return name

    def array(self, name):
        """The value of initializer `name` as a numpy array (a copy)."""
        return numpy_helper.to_array(self._initializer(name)).copy()

    def set_array(self, name, array):
        """Replaces the value of initializer `name` (same shape), e.g. to
        prune or permute weights after the graph is built."""
        old = self._initializer(name)
        array = np.asarray(array, dtype=numpy_helper.to_array(old).dtype)
        if list(array.shape) != list(old.dims):
            raise ValueError(f"{name}: shape {list(array.shape)} != {list(old.dims)}")
        old.CopyFrom(numpy_helper.from_array(array, name))

    def _initializer(self, name):
        for t in self.initializers:
            if t.name == name:
                return t
        raise KeyError(f"no initializer named {name!r}")

    def node(self, op, inputs, hint=None, outputs=1, out=None, shape=None,
             name=None, **attrs):
        """Adds one node; returns its output name (or list of names).

        `out` names the (single) output explicitly, e.g. a graph output.
        `shape` records the output shape for later helpers. `name` is a node
        name already reserved with reserve().
        """
        base = name or self._unique(hint or op.lower())
        if out is not None:
            outs = [out]
        else:
            outs = [base if outputs == 1 else f"{base}_out{i}" for i in range(outputs)]
        self.nodes.append(helper.make_node(op, list(inputs), outs, name=base, **attrs))
        if shape is not None:
            self.shapes[outs[0]] = list(shape)
        return outs[0] if outputs == 1 else outs

    def channels(self, x):
        return self.shapes[x][1]

    # --------------------------------------------------------- random data
    def he_normal(self, shape, fan_in, gain=2.0):
        std = np.sqrt(gain / fan_in)
        return (self.rng.standard_normal(shape) * std).astype(np.float32)

    def small_normal(self, shape, std=0.1):
        return (self.rng.standard_normal(shape) * std).astype(np.float32)

    def uniform(self, shape, lo, hi):
        return self.rng.uniform(lo, hi, shape).astype(np.float32)

    # --------------------------------------------------------------- layers
    def conv(self, x, cout, k, stride=1, group=1, bias=False, pad=None, hint="conv"):
        n, cin, h, w = self.shapes[x]
        pad = (k // 2) if pad is None else pad
        wt = self.he_normal([cout, cin // group, k, k], fan_in=(cin // group) * k * k)
        name = self.reserve(hint)
        ins = [x, self.const(f"{name}.weight", wt, exact=True)]
        if bias:
            ins.append(self.const(f"{name}.bias", self.small_normal([cout]), exact=True))
        oh = (h + 2 * pad - k) // stride + 1
        ow = (w + 2 * pad - k) // stride + 1
        return self.node("Conv", ins, name=name, shape=[n, cout, oh, ow],
                         kernel_shape=[k, k], strides=[stride, stride],
                         pads=[pad, pad, pad, pad], dilations=[1, 1], group=group)

    def batchnorm(self, x, hint="bn"):
        c = self.channels(x)
        name = self.reserve(hint)
        params = [
            self.const(f"{name}.gamma", self.uniform([c], 0.5, 1.5), exact=True),
            self.const(f"{name}.beta", self.small_normal([c]), exact=True),
            self.const(f"{name}.mean", self.small_normal([c]), exact=True),
            self.const(f"{name}.var", self.uniform([c], 0.5, 1.5), exact=True),
        ]
        return self.node("BatchNormalization", [x] + params, name=name,
                         shape=self.shapes[x], epsilon=1e-5, momentum=0.9)

    def act(self, x, kind):
        """kind: 'relu', 'relu6' (Clip with constant min/max inputs),
        'sigmoid', 'hardsigmoid', 'hardswish' or None."""
        shape = self.shapes[x]
        if kind is None:
            return x
        if kind == "relu":
            return self.node("Relu", [x], shape=shape)
        if kind == "relu6":
            return self.node("Clip", [x, self.scalar_const("clip_min", 0.0),
                                      self.scalar_const("clip_max", 6.0)],
                             hint="clip", shape=shape)
        if kind == "sigmoid":
            return self.node("Sigmoid", [x], shape=shape)
        if kind == "hardsigmoid":  # PyTorch's hardsigmoid: relu6(x + 3) / 6
            return self.node("HardSigmoid", [x], shape=shape, alpha=1.0 / 6, beta=0.5)
        if kind == "hardswish":
            return self.node("HardSwish", [x], shape=shape)
        raise ValueError(f"unknown activation {kind!r}")

    def scalar_const(self, name, value):
        """A shared float scalar initializer (created once per name)."""
        if name not in self.shapes:
            self.initializers.append(
                numpy_helper.from_array(np.array(value, dtype=np.float32), name))
            self.shapes[name] = []
        return name

    def conv_bn_act(self, x, cout, k, stride=1, group=1, act="relu", bn=True,
                    bias=False, hint="conv"):
        x = self.conv(x, cout, k, stride=stride, group=group, bias=bias, hint=hint)
        if bn:
            x = self.batchnorm(x)
        return self.act(x, act)

    def flatten(self, x):
        n, *rest = self.shapes[x]
        return self.node("Flatten", [x], shape=[n, int(np.prod(rest))], axis=1)

    def gemm(self, x, nout, out=None, hint="fc"):
        n, nin = self.shapes[x]
        # Std 1/sqrt(fan_in): logits keep the scale of the pooled features.
        wt = self.he_normal([nout, nin], fan_in=nin, gain=1.0)
        b = self.small_normal([nout])
        name = self.reserve(hint)
        return self.node("Gemm", [x, self.const(f"{name}.weight", wt, exact=True),
                                  self.const(f"{name}.bias", b, exact=True)],
                         name=name, out=out, shape=[n, nout],
                         alpha=1.0, beta=1.0, transB=1)

    def classifier_head(self, x, classes, flatten="flatten"):
        """GlobalAveragePool, Flatten (or Reshape), Gemm -> `logits`,
        Softmax -> `probabilities`; both become graph outputs."""
        n, c = self.shapes[x][:2]
        x = self.node("GlobalAveragePool", [x], hint="gap", shape=[n, c, 1, 1])
        if flatten == "flatten":
            x = self.flatten(x)
        else:
            x = self.node("Reshape", [x, self.const("head.shape",
                                                    np.array([n, -1], np.int64))],
                          hint="reshape", shape=[n, c])
        logits = self.gemm(x, classes, out="logits")
        probs = self.node("Softmax", [logits], out="probabilities",
                          shape=self.shapes[logits], axis=-1)
        self.output(logits)
        self.output(probs)

    # ---------------------------------------------------------------- model
    def make_model(self):
        graph = helper.make_graph(self.nodes, self.name, self.inputs, self.outputs,
                                  initializer=self.initializers, doc_string=self.doc)
        model = helper.make_model(graph, producer_name=PRODUCER,
                                  opset_imports=[helper.make_opsetid("", self.opset)])
        model.model_version = 1
        model.doc_string = self.doc
        onnx.checker.check_model(model, full_check=True)
        return model
