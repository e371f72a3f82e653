// A small ONNX interpreter on TF.js ops, so the benchmark can run the same
// network in TF.js (which cannot read ONNX). It reads the graph as written by
// bench/export_graph.py (JSON + float32 weights) and turns it into a list of
// TF.js calls in TF.js' native NHWC layout:
//
//   Conv (group 1 or depthwise, any multiplier) -> tf.fused.conv2d /
//     tf.fused.depthwiseConv2d, with a following BatchNormalization folded
//     into the weights and a following Relu or Clip(0, 6) fused in as the
//     activation (what tfjs-converter does for a frozen graph);
//   BatchNormalization (not after a conv), Relu, Clip, Add,
//   GlobalAveragePool, Flatten, Reshape, Gemm (tf.fused.matMul), Softmax,
//   Identity and Dropout (aliases).
//
// Anything else throws, naming the op and the node. 4-D activations live in
// NHWC; Flatten/Reshape of an NHWC tensor goes through NCHW when its spatial
// size is not 1x1, so element order is ONNX's. Intermediate tensors are
// disposed after their last use, as tfjs-converter's executor does.

export function buildPlan(tf, graph, weights) {
  const buf = weights instanceof ArrayBuffer ? weights
    : weights.buffer.slice(weights.byteOffset, weights.byteOffset + weights.byteLength);
  const opset = graph.opset;
  const constData = new Map(); // name -> {shape, data (Float64Array | number[])}
  for (const [name, t] of Object.entries(graph.tensors)) {
    const data = t.dtype === 'float32'
      ? Float64Array.from(new Float32Array(buf, t.offset, t.count))
      : t.values;
    constData.set(name, { shape: t.shape, data, dtype: t.dtype });
  }
  const isConst = (name) => constData.has(name);
  const constOf = (node, i) => {
    const name = node.inputs[i];
    const c = constData.get(name);
    if (!c)
      throw new Error(`tfjs-onnx: ${node.op} '${node.name}': input ${i} ('${name}') ` +
                      'must be a constant tensor');
    return c;
  };
  const unsupported = (node, why) => {
    throw new Error(`tfjs-onnx: unsupported ${node.op} '${node.name}'${why ? `: ${why}` : ''}`);
  };

  // Who reads each value: nodes (by index) and the graph outputs.
  const readers = new Map();
  graph.nodes.forEach((n, i) => n.inputs.forEach((v) => {
    if (v === '') return;
    if (!readers.has(v)) readers.set(v, []);
    readers.get(v).push(i);
  }));
  const graphOutputs = new Set(graph.outputs);
  // The node that alone reads `value` (and only through input 0), if any.
  const soleReader = (value, op) => {
    const r = readers.get(value) ?? [];
    if (r.length !== 1 || graphOutputs.has(value)) return undefined;
    const node = graph.nodes[r[0]];
    return node.op === op && node.inputs[0] === value ? r[0] : undefined;
  };
  const clipBounds = (node) => {
    if (opset < 11)
      return [node.attrs.min ?? -Infinity, node.attrs.max ?? Infinity];
    const bound = (i, dflt) => {
      if (!node.inputs[i]) return dflt;
      const c = constOf(node, i);
      return c.data[0];
    };
    return [bound(1, -Infinity), bound(2, Infinity)];
  };
  const isRelu6 = ([lo, hi]) => lo === 0 && hi === 6;

  const kept = []; // tf tensors of the plan (weights), freed by dispose()
  const keep = (t) => { kept.push(t); return t; };
  const alias = new Map(); // value -> the value it is a copy of
  const canon = (v) => { while (alias.has(v)) v = alias.get(v); return v; };
  const steps = []; // {inputs: [canonical names], output, fn}
  const absorbed = new Set();
  const stats = { nodes: graph.nodes.length, steps: 0, foldedBatchNorms: 0,
                  fusedActivations: 0, ops: {} };
  const layout = new Map(); // canonical value -> 'nhwc' | 'plain'
  for (const input of graph.inputs)
    layout.set(input.name, input.shape.length === 4 ? 'nhwc' : 'plain');

  const addStep = (node, inputs, output, outLayout, fn, tfOp) => {
    const ins = inputs.map(canon);
    for (const v of ins)
      if (!layout.has(v))
        throw new Error(`tfjs-onnx: ${node.op} '${node.name}': input '${v}' ` +
                        'is not computed (constant where a tensor was expected?)');
    steps.push({ inputs: ins, output, fn });
    layout.set(output, outLayout);
    stats.ops[tfOp] = (stats.ops[tfOp] ?? 0) + 1;
  };

  graph.nodes.forEach((node, index) => {
    if (absorbed.has(index)) return;
    if (node.domain && node.domain !== 'ai.onnx')
      unsupported(node, `domain '${node.domain}'`);
    const a = node.attrs;
    const x = node.inputs[0];
    switch (node.op) {
      case 'Conv': {
        if (a.auto_pad && a.auto_pad !== 'NOTSET') unsupported(node, `auto_pad ${a.auto_pad}`);
        const W = constOf(node, 1);
        if (W.shape.length !== 4) unsupported(node, 'only 2-D convolutions');
        const [O, Ig, kh, kw] = W.shape;
        const group = a.group ?? 1;
        const w = Float64Array.from(W.data);
        const b = node.inputs[2] ? Float64Array.from(constOf(node, 2).data) : new Float64Array(O);
        let out = node.outputs[0];
        // BatchNormalization right after the conv: fold it into w and b.
        const bnIndex = soleReader(out, 'BatchNormalization');
        if (bnIndex !== undefined) {
          const bn = graph.nodes[bnIndex];
          const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => constOf(bn, i).data);
          const eps = bn.attrs.epsilon ?? 1e-5;
          const per = Ig * kh * kw;
          for (let o = 0; o < O; o++) {
            const s = gamma[o] / Math.sqrt(variance[o] + eps);
            for (let j = 0; j < per; j++) w[o * per + j] *= s;
            b[o] = (b[o] - mean[o]) * s + beta[o];
          }
          absorbed.add(bnIndex);
          out = bn.outputs[0];
          stats.foldedBatchNorms++;
        }
        // Relu or Clip(0, 6) after it: the fused activation.
        let activation = 'linear';
        const reluIndex = soleReader(out, 'Relu');
        const clipIndex = soleReader(out, 'Clip');
        if (reluIndex !== undefined) {
          activation = 'relu';
          absorbed.add(reluIndex);
          out = graph.nodes[reluIndex].outputs[0];
        } else if (clipIndex !== undefined && isRelu6(clipBounds(graph.nodes[clipIndex]))) {
          activation = 'relu6';
          absorbed.add(clipIndex);
          out = graph.nodes[clipIndex].outputs[0];
        }
        if (activation !== 'linear') stats.fusedActivations++;
        const strides = a.strides ?? [1, 1];
        const dilations = a.dilations ?? [1, 1];
        const p = a.pads ?? [0, 0, 0, 0]; // [top, left, bottom, right]
        const pad = [[0, 0], [p[0], p[2]], [p[1], p[3]], [0, 0]];
        const bias = keep(tf.tensor1d(Float32Array.from(b)));
        if (group === 1) {
          // OIHW -> HWIO
          const f = new Float32Array(kh * kw * Ig * O);
          for (let o = 0; o < O; o++)
            for (let i = 0; i < Ig; i++)
              for (let h = 0; h < kh; h++)
                for (let q = 0; q < kw; q++)
                  f[((h * kw + q) * Ig + i) * O + o] = w[((o * Ig + i) * kh + h) * kw + q];
          const filter = keep(tf.tensor4d(f, [kh, kw, Ig, O]));
          addStep(node, [x], out, 'nhwc', ([t]) => tf.fused.conv2d({
            x: t, filter, strides, pad, dilations, bias, activation,
          }), 'fused.conv2d');
        } else if (Ig === 1 && O % group === 0) {
          // Depthwise: output channel c*m + k reads input channel c.
          const C = group;
          const m = O / group;
          const f = new Float32Array(kh * kw * C * m);
          for (let c = 0; c < C; c++)
            for (let k = 0; k < m; k++)
              for (let h = 0; h < kh; h++)
                for (let q = 0; q < kw; q++)
                  f[((h * kw + q) * C + c) * m + k] = w[((c * m + k) * kh + h) * kw + q];
          const filter = keep(tf.tensor4d(f, [kh, kw, C, m]));
          addStep(node, [x], out, 'nhwc', ([t]) => tf.fused.depthwiseConv2d({
            x: t, filter, strides, pad, dilations, bias, activation,
          }), 'fused.depthwiseConv2d');
        } else {
          unsupported(node, `group ${group} with ${Ig} input channels per group`);
        }
        break;
      }
      case 'BatchNormalization': {
        const [gamma, beta, mean, variance] = [1, 2, 3, 4].map((i) => constOf(node, i).data);
        const eps = a.epsilon ?? 1e-5;
        const C = gamma.length;
        const scale = new Float32Array(C);
        const shift = new Float32Array(C);
        for (let c = 0; c < C; c++) {
          scale[c] = gamma[c] / Math.sqrt(variance[c] + eps);
          shift[c] = beta[c] - mean[c] * scale[c];
        }
        const s = keep(tf.tensor1d(scale));
        const t0 = keep(tf.tensor1d(shift));
        const l = layout.get(canon(x));
        if (l !== 'nhwc') unsupported(node, 'only on 4-D tensors');
        addStep(node, [x], node.outputs[0], l, ([t]) => tf.add(tf.mul(t, s), t0), 'mul+add');
        break;
      }
      case 'Relu':
        addStep(node, [x], node.outputs[0], layout.get(canon(x)), ([t]) => tf.relu(t), 'relu');
        break;
      case 'Clip': {
        const [lo, hi] = clipBounds(node);
        const fn = isRelu6([lo, hi]) ? ([t]) => tf.relu6(t)
          : ([t]) => tf.clipByValue(t, Math.max(lo, -3.4e38), Math.min(hi, 3.4e38));
        addStep(node, [x], node.outputs[0], layout.get(canon(x)), fn, 'clip');
        break;
      }
      case 'Add': {
        const [u, v] = node.inputs;
        if (isConst(u) || isConst(v)) {
          const c = constData.get(isConst(u) ? u : v);
          const other = isConst(u) ? v : u;
          if (c.data.length !== 1) unsupported(node, 'only scalar constants');
          const k = c.data[0];
          addStep(node, [other], node.outputs[0], layout.get(canon(other)),
                  ([t]) => tf.add(t, tf.scalar(k)), 'add');
        } else {
          const lu = layout.get(canon(u));
          if (lu !== layout.get(canon(v))) unsupported(node, 'operands in different layouts');
          addStep(node, [u, v], node.outputs[0], lu, ([p, q]) => tf.add(p, q), 'add');
        }
        break;
      }
      case 'GlobalAveragePool':
        if (layout.get(canon(x)) !== 'nhwc') unsupported(node, 'only on 4-D tensors');
        addStep(node, [x], node.outputs[0], 'nhwc', ([t]) => tf.mean(t, [1, 2], true), 'mean');
        break;
      case 'Flatten':
      case 'Reshape': {
        let target;
        if (node.op === 'Flatten') {
          const axis = a.axis ?? 1;
          target = (logical) => {
            const ax = axis < 0 ? axis + logical.length : axis;
            const lead = logical.slice(0, ax).reduce((p, d) => p * d, 1);
            return [lead, -1];
          };
        } else {
          const dims = constOf(node, 1).data.map(Number);
          if (a.allowzero) unsupported(node, 'allowzero');
          target = (logical) => dims.map((d, i) => (d === 0 ? logical[i] : d));
        }
        const l = layout.get(canon(x));
        addStep(node, [x], node.outputs[0], 'plain', ([t]) => {
          if (l !== 'nhwc') return tf.reshape(t, target(t.shape));
          const [n, h, w, c] = t.shape;
          const logical = [n, c, h, w];
          // With 1x1 spatial size NHWC and NCHW hold the same order.
          const nchw = h * w === 1 ? t : tf.transpose(t, [0, 3, 1, 2]);
          return tf.reshape(nchw, target(logical));
        }, 'reshape');
        break;
      }
      case 'Gemm': {
        if (a.transA) unsupported(node, 'transA');
        const B = constOf(node, 1);
        const alpha = a.alpha ?? 1;
        const beta = a.beta ?? 1;
        const [r, c] = B.shape;
        const [K, N] = a.transB ? [c, r] : [r, c];
        const bm = new Float32Array(K * N);
        for (let k = 0; k < K; k++)
          for (let n = 0; n < N; n++)
            bm[k * N + n] = alpha * (a.transB ? B.data[n * K + k] : B.data[k * N + n]);
        const bmat = keep(tf.tensor2d(bm, [K, N]));
        let bias;
        if (node.inputs[2]) {
          const C = constOf(node, 2);
          if (C.data.length !== N && C.data.length !== 1) unsupported(node, 'bias shape');
          bias = keep(tf.tensor1d(Float32Array.from(
            { length: N }, (_, n) => beta * C.data[C.data.length === 1 ? 0 : n])));
        }
        if (layout.get(canon(x)) !== 'plain') unsupported(node, 'input must be 2-D');
        addStep(node, [x], node.outputs[0], 'plain',
                ([t]) => tf.fused.matMul({ a: t, b: bmat, bias }), 'fused.matMul');
        break;
      }
      case 'Softmax': {
        if (layout.get(canon(x)) !== 'plain') unsupported(node, 'only on flattened tensors');
        const axis = a.axis ?? (opset >= 13 ? -1 : 1);
        addStep(node, [x], node.outputs[0], 'plain', ([t]) => {
          const ax = axis < 0 ? axis + t.rank : axis;
          // Before opset 13 Softmax works on the input coerced to 2-D at axis.
          if (ax !== t.rank - 1 && !(opset < 13 && t.shape.slice(ax + 1).every((d) => d === 1)))
            throw new Error(`tfjs-onnx: Softmax '${node.name}': axis ${axis} is not the last`);
          return tf.softmax(t);
        }, 'softmax');
        break;
      }
      case 'Identity':
      case 'Dropout':
        alias.set(node.outputs[0], x);
        break;
      default:
        unsupported(node);
    }
  });
  stats.steps = steps.length;

  // After which step each canonical value is dead.
  const lastUse = new Map();
  steps.forEach((s, i) => s.inputs.forEach((v) => lastUse.set(v, i)));
  const outputs = graph.outputs.map(canon);
  for (const v of outputs) lastUse.set(v, Infinity);
  const dying = steps.map(() => []);
  for (const [v, i] of lastUse)
    if (i !== Infinity && !graph.inputs.some((g) => g.name === v)) dying[i].push(v);

  return {
    inputs: graph.inputs.map((g) => ({ ...g, layout: layout.get(g.name) })),
    outputNames: graph.outputs,
    stats,
    // feeds: {name: tf.Tensor} (4-D inputs already NHWC). Returns the graph
    // outputs in ONNX layout, in graph order; the caller disposes them (two
    // outputs may be the same tensor).
    execute(feeds) {
      const env = new Map(Object.entries(feeds));
      steps.forEach((s, i) => {
        const args = s.inputs.map((v) => env.get(v));
        env.set(s.output, tf.tidy(() => s.fn(args)));
        for (const v of dying[i]) {
          env.get(v).dispose();
          env.delete(v);
        }
      });
      const nchw = new Map();
      const result = outputs.map((v) => {
        const t = env.get(v);
        if (layout.get(v) !== 'nhwc') return t;
        if (!nchw.has(v)) nchw.set(v, tf.transpose(t, [0, 3, 1, 2]));
        return nchw.get(v);
      });
      for (const v of nchw.keys()) if (!(v in feeds)) env.get(v).dispose();
      return result;
    },
    dispose() {
      for (const t of kept) t.dispose();
    },
  };
}
