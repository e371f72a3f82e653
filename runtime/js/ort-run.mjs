// The numerical oracle: runs an ONNX model with onnxruntime-node (one
// thread) with the command line, input generator and JSON of sparrow-runner,
// so its outputs can be compared file for file with a compiled model's.
//
//   node ort-run.mjs MODEL.onnx [--input NAME=FILE.npy]... [--seed N]
//                    [--output-dir DIR] [--runs N] [--warmup N]
//                    [--graph-optimization=disabled|basic|extended|all]
//                    [--web]
//
// --web runs onnxruntime-web's wasm backend (SIMD, one thread) instead: the
// peer a wasm32 build is timed against.
// --graph-optimization is onnxruntime's level (default all). `disabled`
// runs a QDQ model as the ONNX spec defines it (DequantizeLinear, the float
// op, QuantizeLinear) instead of through onnxruntime's fused int8 kernels,
// whose u8 x s8 products saturate in 16 bits on x86 without VNNI
// (vpmaddubsw), so they are not a reference there.
//
// onnxruntime-node is found through $SPARROW_NODE_MODULES (a node_modules
// directory), else in a node_modules next to this script or any parent of
// it or of the working directory.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { formatShape, writeNpy } from './npy.mjs';
import {
  RunnerError, formatReport, outputFiles, parseOptions, randomInput,
  readInput, runMain, splitmix64,
} from './runner-common.mjs';

const TOOL = 'ort-run';

function nodeModulesDirs() {
  const dirs = [];
  const env = process.env.SPARROW_NODE_MODULES;
  if (env) dirs.push(resolve(env));
  for (const start of [dirname(fileURLToPath(import.meta.url)),
                       process.cwd()]) {
    for (let dir = start; ; dir = dirname(dir)) {
      dirs.push(join(dir, 'node_modules'));
      if (dirname(dir) === dir) break;
    }
  }
  return dirs;
}

async function loadOrt(web) {
  const pkg = web ? 'onnxruntime-web' : 'onnxruntime-node';
  const dirs = nodeModulesDirs();
  const dir = dirs.find((d) => existsSync(join(d, pkg)));
  if (!dir)
    throw new RunnerError(
      `cannot find ${pkg}; set SPARROW_NODE_MODULES to the ` +
      `node_modules directory holding it (searched ${dirs[0]} and parents)`);
  // Resolving from a file inside `dir` makes require look in `dir` itself.
  const require = createRequire(join(dir, 'sparrow-ort-run.cjs'));
  if (!web) return require(pkg);
  const ort = await import(pathToFileURL(require.resolve(pkg)).href);
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.simd = true;
  ort.env.wasm.proxy = false;
  return ort;
}

const LEVELS = ['disabled', 'basic', 'extended', 'all'];

/// The --graph-optimization level, --web, and the other arguments.
function ortOptions(args) {
  let level = 'all';
  let web = false;
  const rest = args.filter((arg) => {
    if (arg === '--web') {
      web = true;
      return false;
    }
    if (!arg.startsWith('--graph-optimization=')) return true;
    level = arg.slice('--graph-optimization='.length);
    return false;
  });
  if (!LEVELS.includes(level))
    throw new RunnerError(`unknown --graph-optimization '${level}' ` +
                          `(expected ${LEVELS.join(', ')})`);
  return { level, web, rest };
}

async function main() {
  const { level, web, rest } = ortOptions(process.argv.slice(2));
  const o = parseOptions(rest, TOOL, 'MODEL.onnx');
  if (!existsSync(o.model))
    throw new RunnerError(
      `cannot open '${o.model}': No such file or directory`);
  const ort = await loadOrt(web);
  const session = await ort.InferenceSession.create(o.model, {
    intraOpNumThreads: web ? 1 : o.threads,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: level,
    executionProviders: [web ? 'wasm' : 'cpu'],
  });

  const meta = new Map((session.inputMetadata ?? []).map((m) => [m.name, m]));
  for (const { name } of o.inputs)
    if (!session.inputNames.includes(name))
      throw new RunnerError(
        `${o.model}: unknown input '${name}' in --input (model inputs: ` +
        `${session.inputNames.map((n) => `'${n}'`).join(', ') || 'none'})`);

  const rng = splitmix64(o.seed);
  const feeds = {};
  for (const name of session.inputNames) {
    const m = meta.get(name);
    const given = o.inputs.find((x) => x.name === name);
    if (m && !m.isTensor)
      throw new RunnerError(`input '${name}' is not a tensor`);
    if (given) {
      const arr = readInput(given.file, name, m?.type, m?.shape);
      feeds[name] = new ort.Tensor(arr.dtype, arr.data, arr.shape);
      continue;
    }
    const shape = m?.shape ?? [];
    if (!m || !shape.every((d) => typeof d === 'number' && d >= 0))
      throw new RunnerError(
        `input '${name}' has the dynamic shape ${formatShape(shape)}; ` +
        `pass --input ${name}=FILE.npy`);
    const size = shape.reduce((a, b) => a * b, 1);
    feeds[name] = new ort.Tensor(m.type, randomInput(rng, m.type, size),
                                 shape);
  }

  const times = [];
  let results;
  for (let r = 0; r < o.warmup + o.runs; r++) {
    const start = performance.now();
    results = await session.run(feeds);
    if (r >= o.warmup) times.push(performance.now() - start);
  }
  const outputs = session.outputNames.map((name) => ({
    name,
    dtype: results[name].type,
    shape: [...results[name].dims],
  }));
  const files = outputFiles(o.outputDir, outputs);
  outputs.forEach((t, i) => {
    if (files[i] !== null)
      writeNpy(files[i], { shape: t.shape, dtype: t.dtype,
                           data: results[t.name].data });
  });
  await session.release();
  process.stdout.write(formatReport(times, outputs, files));
}

runMain(TOOL, main);
