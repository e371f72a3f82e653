// The benchmark's worker for the JavaScript runtimes: loads one model in one
// runtime, then answers bench.py's commands on stdin, one per line, with one
// line of JSON on stdout (the protocol of host-timer.c):
//
//   node worker.mjs RUNTIME MODEL --input NAME=FILE.npy...
//   -> {"ready":true,"runtime":...,"versions":{...},...}
//   run N      -> {"times_ms":[...]}     N timed runs
//   save DIR   -> {"outputs":[{"name","dtype","shape","file"}]}  the last
//                 run's outputs as raw little-endian DIR/out<i>.raw
//   quit
//
// RUNTIME and what one timed run is:
//   ort-node      onnxruntime-node, CPU EP, 1 intra-op + 1 inter-op thread,
//                 graphOptimizationLevel 'all': await session.run(feeds)
//   ort-web       onnxruntime-web, wasm EP (SIMD), numThreads --threads, no proxy
//                 worker, graphOptimizationLevel 'all': await session.run(feeds)
//   tfjs-wasm     @tensorflow/tfjs-core + tfjs-backend-wasm (XNNPACK, SIMD,
//                 --threads threads); MODEL is the graph JSON of export_graph.py, run
//                 by tfjs-onnx.mjs: execute + dataSync() of every output
//   sparrow-wasm  a wasm32 module from sparrow-compile through its loader
//                 (MODEL.mjs next to MODEL.wasm): model.run(feeds), i.e.
//                 copy inputs in, invoke(), copy outputs out
// Input tensors are built once, outside the timed region (for TF.js already
// transposed to NHWC, its native layout).

import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readNpy } from '../runtime/js/npy.mjs';
import { buildPlan } from './tfjs-onnx.mjs';

// Protocol lines go to stdout; anything libraries print goes to stderr.
const protocolOut = process.stdout.write.bind(process.stdout);
for (const k of ['log', 'info', 'warn', 'debug'])
  console[k] = (...args) => process.stderr.write(`${args.join(' ')}\n`);
const reply = (obj) => protocolOut(`${JSON.stringify(obj)}\n`);

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '..', 'package.json'));
// Read from node_modules directly: some packages do not export package.json.
const packageVersion = (name) => {
  for (let dir = here; ; dir = dirname(dir)) {
    try {
      return JSON.parse(readFileSync(join(dir, 'node_modules', name, 'package.json'), 'utf8')).version;
    } catch {
      if (dirname(dir) === dir) return undefined;
    }
  }
};

function parseArgs(argv) {
  const [runtime, model, ...rest] = argv;
  const inputs = [];
  let threads = 1;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === '--threads' && i + 1 < rest.length) {
      threads = Number(rest[++i]);
      continue;
    }
    if (rest[i] !== '--input' || i + 1 >= rest.length)
      throw new Error(`unexpected argument '${rest[i]}'`);
    const spec = rest[++i];
    const eq = spec.indexOf('=');
    inputs.push({ name: spec.slice(0, eq), file: spec.slice(eq + 1) });
  }
  if (!runtime || !model) throw new Error('usage: worker.mjs RUNTIME MODEL --input NAME=FILE.npy...');
  return { runtime, model: resolve(model), threads,
           inputs: inputs.map((x) => ({ ...x, ...readNpy(x.file) })) };
}

async function loadOrt(pkg, o) {
  let ort;
  const options = {
    graphOptimizationLevel: 'all',
    intraOpNumThreads: pkg === 'onnxruntime-node' ? o.threads : 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
  };
  if (pkg === 'onnxruntime-web') {
    ort = await import(pathToFileURL(require.resolve('onnxruntime-web')).href);
    ort.env.wasm.numThreads = o.threads;
    ort.env.wasm.simd = true;
    ort.env.wasm.proxy = false;
    options.executionProviders = ['wasm'];
  } else {
    ort = require('onnxruntime-node');
    options.executionProviders = ['cpu'];
  }
  const session = await ort.InferenceSession.create(o.model, options);
  const feeds = {};
  for (const x of o.inputs) feeds[x.name] = new ort.Tensor(x.dtype, x.data, x.shape);
  let last;
  return {
    info: {
      versions: { [pkg]: packageVersion(pkg), 'onnxruntime-common': packageVersion('onnxruntime-common') },
      threads: pkg === 'onnxruntime-web' ? ort.env.wasm.numThreads : 1,
      simd: pkg === 'onnxruntime-web' ? true : undefined,
    },
    async run() {
      last = await session.run(feeds);
    },
    outputs: () => session.outputNames.map((name) => ({
      name, dtype: last[name].type, shape: [...last[name].dims], data: last[name].data,
    })),
  };
}

async function loadTfjs(o) {
  const tf = require('@tensorflow/tfjs-core');
  const wasm = require('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(o.threads);
  // One thread: the single-threaded binary. More: the threaded one (SIMD is
  // detected either way).
  tf.env().set('WASM_HAS_MULTITHREAD_SUPPORT', o.threads > 1);
  if (!(await tf.setBackend('wasm'))) throw new Error('tf.setBackend("wasm") failed');
  await tf.ready();
  const graph = JSON.parse(readFileSync(o.model, 'utf8'));
  const weights = readFileSync(join(dirname(o.model), graph.weights));
  const plan = buildPlan(tf, graph, weights);
  const feeds = {};
  for (const g of plan.inputs) {
    const x = o.inputs.find((i) => i.name === g.name);
    if (!x) throw new Error(`no --input for '${g.name}'`);
    const t = tf.tensor(x.data, x.shape, x.dtype);
    feeds[g.name] = g.layout === 'nhwc' ? tf.transpose(t, [0, 2, 3, 1]) : t;
    if (feeds[g.name] !== t) t.dispose();
  }
  let last;
  return {
    info: {
      versions: {
        '@tensorflow/tfjs-core': tf.version_core,
        '@tensorflow/tfjs-backend-wasm': wasm.version_wasm ?? packageVersion('@tensorflow/tfjs-backend-wasm'),
      },
      threads: wasm.getThreadsCount(),
      simd: await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT'),
      backend: tf.getBackend(),
      plan: plan.stats,
    },
    async run() {
      const outs = plan.execute(feeds);
      last = outs.map((t) => ({ shape: t.shape, data: t.dataSync() }));
      tf.dispose(outs);
    },
    outputs: () => plan.outputNames.map((name, i) => ({
      name, dtype: 'float32', shape: last[i].shape, data: last[i].data,
    })),
  };
}

async function loadSparrowWasm(o) {
  if (!o.model.endsWith('.wasm')) throw new Error(`${o.model}: expected a .wasm file`);
  const loader = await import(pathToFileURL(`${o.model.slice(0, -5)}.mjs`).href);
  const model = await loader.load(o.model, { threads: o.threads });
  const feeds = {};
  for (const x of o.inputs) feeds[x.name] = x.data;
  let last;
  return {
    info: { versions: {}, threads: model.threads, simd: true },
    async run() {
      last = model.run(feeds);
    },
    outputs: () => model.outputs.map((t) => ({
      name: t.name, dtype: t.dtype, shape: t.shape, data: last[t.name],
    })),
  };
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const loaders = {
    'ort-node': () => loadOrt('onnxruntime-node', o),
    'ort-web': () => loadOrt('onnxruntime-web', o),
    'tfjs-wasm': () => loadTfjs(o),
    'sparrow-wasm': () => loadSparrowWasm(o),
  };
  if (!loaders[o.runtime]) throw new Error(`unknown runtime '${o.runtime}'`);
  const rt = await loaders[o.runtime]();
  reply({ ready: true, runtime: o.runtime, node: process.version,
          node_flags: process.execArgv, ...rt.info });

  const lines = createInterface({ input: process.stdin, terminal: false });
  for await (const line of lines) {
    const [cmd, ...args] = line.trim().split(' ');
    const arg = args.join(' ');
    if (cmd === 'run') {
      const n = Number(arg);
      const times = [];
      for (let r = 0; r < n; r++) {
        const start = performance.now();
        await rt.run();
        times.push(performance.now() - start);
      }
      reply({ times_ms: times });
    } else if (cmd === 'save') {
      const outputs = rt.outputs().map((t, i) => {
        const file = join(arg, `out${i}.raw`);
        const d = t.data;
        writeFileSync(file, new Uint8Array(d.buffer, d.byteOffset, d.byteLength));
        return { name: t.name, dtype: t.dtype, shape: t.shape, file };
      });
      reply({ outputs });
    } else if (cmd === 'quit') {
      break;
    } else if (cmd !== '') {
      throw new Error(`unknown command '${line}'`);
    }
  }
  process.exit(0);
}

main().catch((e) => {
  reply({ error: String(e?.message ?? e) });
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
