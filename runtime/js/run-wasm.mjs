// Runs a wasm32 model compiled by sparrow-compile: the wasm counterpart of
// sparrow-runner, with the same command line, input generator and JSON.
//
//   node run-wasm.mjs MODEL.wasm [--input NAME=FILE.npy]... [--seed N]
//                     [--output-dir DIR] [--runs N] [--warmup N] [--threads N]
//
// Loads MODEL.wasm through its loader MODEL.mjs (written next to it by
// sparrow-compile) and times model.invoke() alone, as sparrow-runner times
// sparrow_model_run.

import { existsSync } from 'node:fs';
import v8 from 'node:v8';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { writeNpy } from './npy.mjs';
import {
  RunnerError, formatReport, outputFiles, parseOptions, randomInput,
  readInput, runMain, splitmix64,
} from './runner-common.mjs';

const TOOL = 'run-wasm';

// Modules compiled with --wasm-relaxed-simd need relaxed SIMD, which node 20
// (V8 11.3) has behind a flag and later versions ship. Turn the flag on only
// when a tiny relaxed module (one f32x4.relaxed_madd) does not validate.
function enableRelaxedSimd() {
  const v128 = [0xfd, 0x0c, ...new Array(16).fill(0)];
  const body = [0x00, ...v128, ...v128, ...v128, 0xfd, 0x85, 0x02, 0x0b];
  const probe = new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0, // magic, version
    1, 5, 1, 0x60, 0, 1, 0x7b, // type: () -> v128
    3, 2, 1, 0, // one function of that type
    10, body.length + 2, 1, body.length, ...body]);
  if (!WebAssembly.validate(probe))
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd');
}

async function main() {
  const o = parseOptions(process.argv.slice(2), TOOL, 'MODEL.wasm');
  if (!o.model.endsWith('.wasm'))
    throw new RunnerError(`${o.model}: expected a .wasm file`);
  if (!existsSync(o.model))
    throw new RunnerError(`${o.model}: no such file`);
  const loaderPath = `${o.model.slice(0, -'.wasm'.length)}.mjs`;
  if (!existsSync(loaderPath))
    throw new RunnerError(`${o.model}: its loader ${loaderPath} is missing`);
  enableRelaxedSimd();
  const loader = await import(pathToFileURL(resolve(loaderPath)).href);
  if (typeof loader.load !== 'function')
    throw new RunnerError(`${loaderPath} exports no load()`);
  const model = await loader.load(resolve(o.model), { threads: o.threads });

  for (const { name } of o.inputs)
    if (!model.inputs.some((t) => t.name === name))
      throw new RunnerError(
        `${o.model}: unknown input '${name}' in --input (model inputs: ` +
        `${model.inputs.map((t) => `'${t.name}'`).join(', ') || 'none'})`);

  const rng = splitmix64(o.seed);
  const feeds = {};
  for (const t of model.inputs) {
    const given = o.inputs.find((x) => x.name === t.name);
    const size = t.shape.reduce((a, b) => a * b, 1);
    feeds[t.name] = given
      ? readInput(given.file, t.name, t.dtype, t.shape).data
      : randomInput(rng, t.dtype, size);
  }
  const files = outputFiles(o.outputDir, model.outputs);

  model.setInputs(feeds);
  const times = [];
  for (let r = 0; r < o.warmup + o.runs; r++) {
    const start = performance.now();
    model.invoke();
    if (r >= o.warmup) times.push(performance.now() - start);
  }
  const results = model.getOutputs();
  model.outputs.forEach((t, i) => {
    if (files[i] !== null)
      writeNpy(files[i], { shape: t.shape, dtype: t.dtype,
                           data: results[t.name] });
  });
  await model.free();
  process.stdout.write(formatReport(times, model.outputs, files));
}

runMain(TOOL, main);
