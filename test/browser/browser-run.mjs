// Runs a wasm32 model compiled by sparrow-compile in headless Chromium: the
// browser counterpart of run-wasm.mjs, for the test suite.
//
//   node browser-run.mjs --root DIR (--loader PATH | --page PATH)
//        [--input NAME=FILE.npy]... [--threads N] [--isolated] [--runs N]
//        [--warmup N] [--output-dir DIR] [--timeout SECONDS]
//        [--chromium PATH] [--print-report]
//
// Serves DIR from a static server on 127.0.0.1 (with COOP/COEP headers when
// --isolated, which makes the page cross-origin isolated) and opens a page
// that imports PATH (the loader, relative to DIR), loads the model with
// { threads: N } (the loader's default without --threads), runs it on the
// inputs and posts back the outputs and times (page-job.mjs). With --page
// it opens DIR/PATH instead, an app that does the same with a loader it
// bundled. Prints one line:
//   browser: isolated=<bool> threads=<n> median_ms=<t> runs=<n>
// and writes each output as OUTPUT-DIR/<name>.npy; --print-report also
// prints the rest of the page's report as JSON. Exit 1 on any failure, with
// the page's error.

import { mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy, writeNpy } from '../../runtime/js/npy.mjs';
import { runPage } from '../../scripts/chromium-page.mjs';

const harnessFile = (name) =>
  readFileSync(fileURLToPath(new URL(`./${name}`, import.meta.url)));

function parseArgs(argv) {
  const o = { inputs: [], runs: 3, warmup: 1, timeout: 120, isolated: false };
  for (let i = 0; i < argv.length; i++) {
    const opt = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${opt} needs a value`);
      return argv[++i];
    };
    if (opt === '--isolated') o.isolated = true;
    else if (opt === '--print-report') o.printReport = true;
    else if (opt === '--root') o.root = resolve(value());
    else if (opt === '--loader') o.loader = value();
    else if (opt === '--page') o.page = value();
    else if (opt === '--output-dir') o.outputDir = value();
    else if (opt === '--chromium') o.chromium = value();
    else if (opt === '--input') {
      const [name, file] = value().split('=');
      o.inputs.push({ name, ...parseNpy(readFileSync(file)) });
    } else if (['--threads', '--runs', '--warmup', '--timeout'].includes(opt))
      o[opt.slice(2)] = Number(value());
    else throw new Error(`unknown option '${opt}'`);
  }
  if (!o.root || !(o.loader || o.page))
    throw new Error('--root and --loader or --page are needed');
  return o;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const job = {
    loader: o.loader && `/${o.loader}`,
    threads: o.threads,
    runs: o.runs,
    warmup: o.warmup,
    inputs: o.inputs.map(({ name, dtype, shape }, i) =>
      ({ name, dtype, shape, url: `/__input/${i}` })),
  };
  const result = await runPage({
    root: o.root,
    page: o.page ?? '__page.html',
    isolated: o.isolated,
    timeout: o.timeout,
    chromium: o.chromium,
    routes: {
      '/__page.html': () => ({ type: 'text/html',
                               body: harnessFile('model-page.html') }),
      '/__harness/page-job.mjs': () => ({ type: 'text/javascript',
                                          body: harnessFile('page-job.mjs') }),
      '/__job': () => ({ type: 'application/json',
                         body: JSON.stringify(job) }),
      ...Object.fromEntries(o.inputs.map((x, i) => [`/__input/${i}`, () => ({
        type: 'application/octet-stream',
        body: Buffer.from(x.data.buffer, x.data.byteOffset,
                          x.data.byteLength) })])),
    },
  });
  if (result.error) throw new Error(`page: ${result.error}`);
  const times = [...result.times].sort((a, b) => a - b);
  const median = times[Math.floor((times.length - 1) / 2)];
  if (o.outputDir) {
    mkdirSync(o.outputDir, { recursive: true });
    for (const t of result.outputs ?? []) {
      const bytes = Buffer.from(t.base64, 'base64');
      const ArrayType = { float32: Float32Array, int32: Int32Array,
                          int64: BigInt64Array, uint8: Uint8Array,
                          int8: Int8Array, bool: Uint8Array }[t.dtype];
      const data = new ArrayType(bytes.buffer, bytes.byteOffset,
                                 bytes.byteLength / ArrayType.BYTES_PER_ELEMENT);
      const safe = t.name.replace(/[^A-Za-z0-9_.-]/g, '_');
      writeNpy(join(o.outputDir, `${safe}.npy`),
               { shape: t.shape, dtype: t.dtype, data });
    }
  }
  console.log(`browser: isolated=${result.isolated} threads=${result.threads}` +
              ` median_ms=${median.toFixed(2)} runs=${times.length}`);
  if (o.printReport) {
    const { outputs, times: _, ...rest } = result;
    console.log(`report: ${JSON.stringify(rest)}`);
  }
}

main().catch((e) => {
  console.error(`browser-run: ${e.message}`);
  process.exit(1);
});
