// One benchmark job in the page: fetches /__job, loads its runtime
// (sparrow: the model's loader; ort-web: onnxruntime-web's wasm backend;
// tfjs: TF.js's wasm backend running bench/tfjs-onnx.mjs's plan) with the
// job's threads, times `runs` runs after `warmup`, and posts the times, the
// threads in use and the last outputs to /__report.

import { buildPlan } from '../tfjs-onnx.mjs';

const ARRAYS = { float32: Float32Array, int64: BigInt64Array,
                 int32: Int32Array, uint8: Uint8Array };
const base64 = (array) => {
  const bytes = new Uint8Array(array.buffer, array.byteOffset, array.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

async function sparrow(job, inputs) {
  const { load } = await import(job.model);
  const model = await load(undefined, { threads: job.threads });
  const feeds = Object.fromEntries(inputs.map((x) => [x.name, x.data]));
  let last;
  return {
    threads: model.threads,
    source: model.source,
    run: async () => { last = model.run(feeds); },
    outputs: () => model.outputs.map((t) => ({ ...t, data: last[t.name] })),
  };
}

async function ortWeb(job, inputs) {
  const ort = await import('/node_modules/onnxruntime-web/dist/ort.wasm.min.mjs');
  ort.env.wasm.numThreads = job.threads;
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false;
  ort.env.wasm.wasmPaths = '/node_modules/onnxruntime-web/dist/';
  const bytes = new Uint8Array(await (await fetch(job.model)).arrayBuffer());
  const session = await ort.InferenceSession.create(bytes, {
    executionProviders: ['wasm'], graphOptimizationLevel: 'all',
    executionMode: 'sequential' });
  const feeds = Object.fromEntries(inputs.map(
    (x) => [x.name, new ort.Tensor(x.dtype, x.data, x.shape)]));
  let last;
  return {
    threads: ort.env.wasm.numThreads,
    run: async () => { last = await session.run(feeds); },
    outputs: () => session.outputNames.map((name) => ({
      name, dtype: last[name].type, shape: [...last[name].dims],
      data: last[name].data })),
  };
}

async function tfjs(job, inputs) {
  const tf = globalThis.tf;
  tf.wasm.setWasmPaths('/node_modules/@tensorflow/tfjs-backend-wasm/dist/');
  tf.wasm.setThreadsCount(job.threads);
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', job.threads > 1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const graph = await (await fetch(job.model)).json();
  const weightsUrl = new URL(graph.weights, new URL(job.model, location.href));
  const weights = new Uint8Array(await (await fetch(weightsUrl)).arrayBuffer());
  const plan = buildPlan(tf, graph, weights);
  const feeds = {};
  for (const g of plan.inputs) {
    const x = inputs.find((i) => i.name === g.name);
    const t = tf.tensor(x.data, x.shape, x.dtype);
    feeds[g.name] = g.layout === 'nhwc' ? tf.transpose(t, [0, 2, 3, 1]) : t;
  }
  let last;
  return {
    threads: tf.wasm.getThreadsCount(),
    run: async () => {
      const outs = plan.execute(feeds);
      last = outs.map((t) => ({ shape: t.shape, data: t.dataSync() }));
      tf.dispose(outs);
    },
    outputs: () => plan.outputNames.map((name, i) => ({
      name, dtype: 'float32', shape: last[i].shape, data: last[i].data })),
  };
}

const post = (result) => fetch('/__report', { method: 'POST',
                                               body: JSON.stringify(result) });
try {
  const job = await (await fetch('/__job')).json();
  const inputs = [];
  for (const x of job.inputs)
    inputs.push({ ...x, data: new ARRAYS[x.dtype](
      await (await fetch(x.url)).arrayBuffer()) });
  const runtime = await { sparrow, 'ort-web': ortWeb, tfjs }[job.runtime](job, inputs);
  const times = [];
  for (let r = 0; r < job.warmup + job.runs; r++) {
    const start = performance.now();
    await runtime.run();
    if (r >= job.warmup) times.push(performance.now() - start);
  }
  await post({ isolated: crossOriginIsolated, threads: runtime.threads,
               source: runtime.source, times,
               outputs: runtime.outputs().map((t) => ({
                 name: t.name, dtype: t.dtype, shape: t.shape,
                 base64: base64(t.data) })) });
} catch (e) {
  await post({ error: String(e?.stack ?? e) });
}
