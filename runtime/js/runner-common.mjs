// What run-wasm.mjs and ort-run.mjs share with sparrow-runner (C): the
// command line, the seeded input generator, output file names and the JSON
// report. Each piece mirrors runtime/tools/*.c; keep them in step.

import { mkdirSync, readFileSync, statSync } from 'node:fs';
import { formatShape, npyDescr, parseNpy, systemMessage } from './npy.mjs';

const OPTIONS = ['--input', '--seed', '--output-dir', '--runs', '--warmup',
                 '--threads'];
const UINT64_MAX = (1n << 64n) - 1n;

export class RunnerError extends Error {}

function fail(message) {
  throw new RunnerError(message);
}

// Decimal digits only, so "-1" or "1e3" are rejected rather than misread.
function parseUnsigned(opt, text, max) {
  if (!/^\d+$/.test(text) || BigInt(text) > max)
    fail(`${opt} expects an integer from 0 to ${max}, got '${text}'`);
  return BigInt(text);
}

// Same syntax as sparrow-runner: MODEL [--input NAME=FILE]... [--seed N]
// [--output-dir DIR] [--runs N] [--warmup N] [--threads N], each also as
// --opt=VALUE.
// `tool` and `modelArg` only shape the messages.
export function parseOptions(args, tool, modelArg) {
  const usage = `usage: ${tool} ${modelArg} [--input NAME=FILE.npy]... ` +
    `[--seed N]\n${' '.repeat(8 + tool.length)}` +
    '[--output-dir DIR] [--runs N] [--warmup N] [--threads N]\n';
  const o = { model: undefined, inputs: [], seed: 0n, outputDir: undefined,
              runs: 1, warmup: undefined, threads: 1 };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === '-h' || arg === '--help') {
      process.stdout.write(usage);
      process.exit(0);
    }
    if (!arg.startsWith('-') || arg === '-') {
      if (o.model !== undefined)
        fail(`unexpected argument '${arg}' (the model is '${o.model}')`);
      o.model = arg;
      continue;
    }
    const eq = arg.indexOf('=');
    const opt = eq < 0 ? arg : arg.slice(0, eq);
    if (!OPTIONS.includes(opt)) fail(`unknown option '${arg}'`);
    let value = eq < 0 ? undefined : arg.slice(eq + 1);
    if (value === undefined) {
      if (i + 1 >= args.length) fail(`${opt} needs a value`);
      value = args[++i];
    }
    if (opt === '--input') {
      const sep = value.indexOf('=');
      if (sep <= 0 || sep === value.length - 1)
        fail(`--input expects NAME=FILE.npy, got '${value}'`);
      const name = value.slice(0, sep);
      if (o.inputs.some((x) => x.name === name))
        fail(`input '${name}' is given twice`);
      o.inputs.push({ name, file: value.slice(sep + 1) });
    } else if (opt === '--seed') {
      o.seed = parseUnsigned(opt, value, UINT64_MAX);
    } else if (opt === '--output-dir') {
      if (value === '') fail('--output-dir needs a directory');
      o.outputDir = value;
    } else if (opt === '--runs') {
      o.runs = Number(parseUnsigned(opt, value, 1000000n));
      if (o.runs < 1) fail('--runs must be at least 1');
    } else if (opt === '--threads') {
      o.threads = Number(parseUnsigned(opt, value, 256n));
      if (o.threads < 1) fail('--threads must be at least 1');
    } else {
      o.warmup = Number(parseUnsigned(opt, value, 1000000n));
    }
  }
  if (o.model === undefined)
    fail(`no model given (usage: ${tool} ${modelArg} [options])`);
  o.warmup ??= o.runs > 1 ? 1 : 0;
  return o;
}

// splitmix64 (runtime/tools/splitmix64.h) in BigInt arithmetic.
export function splitmix64(seed) {
  let state = BigInt.asUintN(64, seed);
  const next = () => {
    state = BigInt.asUintN(64, state + 0x9e3779b97f4a7c15n);
    let z = state;
    z = BigInt.asUintN(64, (z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n);
    z = BigInt.asUintN(64, (z ^ (z >> 27n)) * 0x94d049bb133111ebn);
    return z ^ (z >> 31n);
  };
  // Exact in doubles and in float32: a 24-bit fraction, doubled, minus one.
  const nextFloat = () => Number(next() >> 40n) * 2 ** -24 * 2 - 1;
  return { next, nextFloat };
}

// Typed arrays by dtype name, as the model loader and onnxruntime use them.
const ARRAY_TYPES = {
  float32: Float32Array, float64: Float64Array, int8: Int8Array,
  uint8: Uint8Array, int16: Int16Array, uint16: Uint16Array,
  int32: Int32Array, uint32: Uint32Array, int64: BigInt64Array,
  uint64: BigUint64Array, bool: Uint8Array, float16: Uint16Array,
  bfloat16: Uint16Array,
};

// Fills a missing input: float32 draws one number per element from the
// shared generator; every other type is zero and draws nothing.
export function randomInput(rng, dtype, size) {
  const ArrayType = ARRAY_TYPES[dtype];
  if (!ArrayType) fail(`cannot make an input of dtype ${dtype}`);
  const data = new ArrayType(size);
  if (dtype === 'float32')
    for (let i = 0; i < size; i++) data[i] = rng.nextFloat();
  return data;
}

// Reads --input FILE for input `name`, checking it against the model's dtype
// and shape (string or negative dimensions are dynamic and match anything;
// an undefined dtype or shape is not checked).
export function readInput(file, name, dtype, shape) {
  const where = `${file} (input '${name}')`;
  let bytes;
  try {
    bytes = readFileSync(file);
  } catch (e) {
    fail(`${where}: cannot open: ${systemMessage(e)}`);
  }
  let arr;
  try {
    arr = parseNpy(bytes);
  } catch (e) {
    fail(`${where}: ${e.message}`);
  }
  if (dtype !== undefined && arr.dtype !== dtype)
    fail(`${where}: dtype '${npyDescr(arr.dtype)}' does ` +
         `not match the input's ${dtype} ('${npyDescr(dtype) ?? '?'}')`);
  const same = shape === undefined || arr.shape.length === shape.length &&
    shape.every((d, i) => typeof d !== 'number' || d < 0 || d === arr.shape[i]);
  if (!same)
    fail(`${where}: shape ${formatShape(arr.shape)} ` +
         `does not match the input's shape ${formatShape(shape)}`);
  return arr;
}

// Every byte outside [A-Za-z0-9._-] (UTF-8, as in C) becomes '_'.
export function sanitize(name) {
  const ok = (b) => (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) ||
    (b >= 0x30 && b <= 0x39) || b === 0x2e || b === 0x5f || b === 0x2d;
  return Array.from(new TextEncoder().encode(name),
                    (b) => (ok(b) ? String.fromCharCode(b) : '_')).join('');
}

// DIR/<sanitised name>.npy per output (null without --output-dir); creates
// DIR. Fails on dtypes .npy cannot hold and on colliding names.
export function outputFiles(dir, outputs) {
  if (dir === undefined) return outputs.map(() => null);
  const files = [];
  outputs.forEach((t, i) => {
    if (!npyDescr(t.dtype))
      fail(`output '${t.name}' has dtype ${t.dtype}, which .npy output ` +
           'does not support');
    const file = `${dir}${dir.endsWith('/') ? '' : '/'}` +
                 sanitize(`${t.name}.npy`);
    const j = files.indexOf(file);
    if (j >= 0)
      fail(`outputs '${outputs[j].name}' and '${t.name}' would both be ` +
           `written to '${file}'`);
    files.push(file);
  });
  try {
    mkdirSync(dir, { recursive: true });
  } catch (e) {
    fail(`cannot create output directory '${dir}': ${e.message}`);
  }
  if (!statSync(dir).isDirectory())
    fail(`output directory '${dir}' is not a directory`);
  return files;
}

// The JSON object, laid out exactly as sparrow-runner prints it.
export function formatReport(times, outputs, files) {
  const sorted = [...times].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 ? sorted[mid]
                                   : (sorted[mid - 1] + sorted[mid]) / 2;
  const ms = (x) => x.toFixed(6);
  const outs = outputs.map((t, i) =>
    `{"name":${JSON.stringify(t.name)},"dtype":"${t.dtype}",` +
    `"shape":[${t.shape.join(',')}],` +
    `"file":${files[i] === null ? 'null' : JSON.stringify(files[i])}}`);
  return `{"runs":${times.length},"median_ms":${ms(median)},` +
    `"min_ms":${ms(sorted[0])},"times_ms":[${times.map(ms).join(',')}],` +
    `"outputs":[${outs.join(',')}]}\n`;
}

// Runs `main`, turning any error into one stderr line and exit code 1.
export async function runMain(tool, main) {
  try {
    await main();
  } catch (e) {
    const text = e instanceof RunnerError ? e.message
                                          : String(e?.message ?? e);
    const line = text.replace(/^sparrow: /, '').replace(/\s*[\r\n]+\s*/g, ' ');
    process.stderr.write(`${tool}: error: ${line}\n`);
    process.exit(1);
  }
}
