// Runs a wasm32 model compiled by sparrow-compile: the wasm counterpart of
// sparrow-runner, with the same command line, input generator and JSON.
//
//   node run-wasm.mjs MODEL.wasm [--input NAME=FILE.npy]... [--seed N]
//                     [--output-dir DIR] [--runs N] [--warmup N]
//
// Loads MODEL.wasm through its loader MODEL.mjs (written next to it by
// sparrow-compile) and times model.invoke() alone, as sparrow-runner times
// sparrow_model_run.

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { writeNpy } from './npy.mjs';
import {
  RunnerError, formatReport, outputFiles, parseOptions, randomInput,
  readInput, runMain, splitmix64,
} from './runner-common.mjs';

const TOOL = 'run-wasm';

async function main() {
  const o = parseOptions(process.argv.slice(2), TOOL, 'MODEL.wasm');
  if (!o.model.endsWith('.wasm'))
    throw new RunnerError(`${o.model}: expected a .wasm file`);
  if (!existsSync(o.model))
    throw new RunnerError(`${o.model}: no such file`);
  const loaderPath = `${o.model.slice(0, -'.wasm'.length)}.mjs`;
  if (!existsSync(loaderPath))
    throw new RunnerError(`${o.model}: its loader ${loaderPath} is missing`);
  const loader = await import(pathToFileURL(resolve(loaderPath)).href);
  if (typeof loader.load !== 'function')
    throw new RunnerError(`${loaderPath} exports no load()`);
  const model = await loader.load(resolve(o.model));

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

  model.setNumThreads(o.threads); // the wasm32 runtime runs on one
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
  model.free();
  process.stdout.write(formatReport(times, model.outputs, files));
}

runMain(TOOL, main);
