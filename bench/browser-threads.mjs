// The browser benchmark of threads: Sparrow's wasm32 module, onnxruntime-web
// and TF.js's wasm backend, each on 1 and N threads, in headless Chromium on
// a cross-origin isolated page (the only place TF.js's threaded backend can
// run: in node it cannot start its workers). Side by side in one run, each
// (runtime, threads) pair in a fresh page per round, the order rotating.
//
//   node bench/browser-threads.mjs [--model PATH.onnx] [--threads N]
//        [--runs N] [--warmup N] [--rounds N] [--out-dir DIR]
//
// Writes DIR/results.json and DIR/README.md (default docs/benchmarks/browser).

import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseNpy } from '../runtime/js/npy.mjs';
import { runPage } from '../scripts/chromium-page.mjs';

const ROOT = resolve(fileURLToPath(new URL('..', import.meta.url)));
const BUILD = resolve(ROOT, process.env.SPARROW_BUILD_DIR ?? 'build');

function parseArgs(argv) {
  const o = { model: join(BUILD, 'models', 'mobilenet_v1.onnx'), threads: 2,
              runs: 20, warmup: 5, rounds: 3,
              outDir: join(ROOT, 'docs', 'benchmarks', 'browser') };
  for (let i = 0; i < argv.length; i += 2) {
    const [opt, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`${opt} needs a value`);
    if (opt === '--model') o.model = resolve(value);
    else if (opt === '--out-dir') o.outDir = resolve(value);
    else if (['--threads', '--runs', '--warmup', '--rounds'].includes(opt))
      o[opt.slice(2)] = Number(value);
    else throw new Error(`unknown option '${opt}'`);
  }
  return o;
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2]
                      : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const url = (path) => `/${relative(ROOT, path)}`;

// max |ours - ref| / max |ref| over every output.
function maxRelErr(outputs, refDir) {
  let worst = 0;
  for (const t of outputs) {
    const ref = parseNpy(readFileSync(join(refDir, `${t.name}.npy`))).data;
    const bytes = Buffer.from(t.base64, 'base64');
    const ours = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.length / 4);
    let scale = 0, err = 0;
    for (let i = 0; i < ref.length; i++) {
      scale = Math.max(scale, Math.abs(ref[i]));
      err = Math.max(err, Math.abs(ours[i] - ref[i]));
    }
    worst = Math.max(worst, err / (scale || 1));
  }
  return worst;
}

async function main() {
  const o = parseArgs(process.argv.slice(2));
  const name = basename(o.model, '.onnx');
  const work = join(BUILD, 'bench', 'browser', name);
  mkdirSync(work, { recursive: true });
  const run = (cmd, args) => execFileSync(cmd, args, { cwd: ROOT, stdio: 'pipe' });
  console.log(`browser-threads: ${name}: compiling and preparing`);
  // As an npm package ships it: baseline and relaxed-SIMD modules, the
  // loader picking relaxed SIMD where Chromium has it.
  run(join(BUILD, 'bin', 'sparrow-compile'),
      [o.model, '--target=wasm32', '--wasm-relaxed-simd=auto', '-o',
       join(work, 'model.wasm')]);
  run('/usr/bin/python3', [join(ROOT, 'bench', 'export_graph.py'), o.model,
                           join(work, 'tfjs-graph.json')]);
  // make_input.py prints NAME=FILE.npy per input.
  const specs = run('/usr/bin/python3', [join(ROOT, 'scripts', 'make_input.py'),
                                         o.model, '--out', join(work, 'input'),
                                         '--seed', '1'])
    .toString().trim().split('\n');
  const inputs = specs.map((spec) => {
    const eq = spec.indexOf('=');
    return { name: spec.slice(0, eq),
             ...parseNpy(readFileSync(resolve(ROOT, spec.slice(eq + 1)))) };
  });
  run('node', [join(ROOT, 'runtime', 'js', 'ort-run.mjs'), o.model,
               ...specs.flatMap((spec) => ['--input', spec]),
               '--output-dir', join(work, 'ref')]);

  const configs = [];
  for (const runtime of ['sparrow', 'ort-web', 'tfjs'])
    for (const threads of [1, o.threads])
      configs.push({ runtime, threads, times: [], used: new Set(),
                     sources: new Set(), err: 0 });
  const models = { sparrow: url(join(work, 'model.mjs')), 'ort-web': url(o.model),
                   tfjs: url(join(work, 'tfjs-graph.json')) };
  const routes = Object.fromEntries(inputs.map((x, i) => [`/__input/${i}`, () => ({
    type: 'application/octet-stream',
    body: Buffer.from(x.data.buffer, x.data.byteOffset, x.data.byteLength) })]));
  for (let round = 0; round < o.rounds; round++) {
    for (let k = 0; k < configs.length; k++) {
      const c = configs[(k + round) % configs.length];
      const job = { runtime: c.runtime, threads: c.threads, runs: o.runs,
                    warmup: o.warmup, model: models[c.runtime],
                    inputs: inputs.map(({ name: n, dtype, shape }, i) =>
                      ({ name: n, dtype, shape, url: `/__input/${i}` })) };
      const report = await runPage({
        root: ROOT, page: 'bench/browser/page.html', isolated: true,
        routes: { ...routes, '/__job': () => ({ type: 'application/json',
                                                body: JSON.stringify(job) }) },
        timeout: 300 });
      if (report.error)
        throw new Error(`${c.runtime} on ${c.threads} thread(s): ${report.error}`);
      c.times.push(...report.times);
      c.used.add(report.threads);
      if (report.source) c.sources.add(basename(report.source));
      c.err = Math.max(c.err, maxRelErr(report.outputs, join(work, 'ref')));
      console.log(`  round ${round + 1}: ${c.runtime} ${c.threads}t ` +
                  `median ${median(report.times).toFixed(1)} ms`);
    }
  }

  const chromium = execFileSync('/usr/bin/chromium', ['--version']).toString().trim();
  const rows = configs.map((c) => ({ runtime: c.runtime, threads: c.threads,
    threads_in_use: [...c.used], modules: [...c.sources], median_ms: median(c.times),
    runs: c.times.length, max_rel_err: c.err }));
  const doc = { date: new Date().toISOString(), cpu: cpus()[0].model,
                cores: cpus().length, chromium, model: name,
                settings: { runs: o.runs, warmup: o.warmup, rounds: o.rounds },
                results: rows };
  mkdirSync(o.outDir, { recursive: true });
  writeFileSync(join(o.outDir, 'results.json'), `${JSON.stringify(doc, null, 2)}\n`);
  const ms = (rt, t) => rows.find((r) => r.runtime === rt && r.threads === t)?.median_ms;
  const ours = ms('sparrow', o.threads);
  const lines = [
    '# Browser benchmark: threads', '',
    `Generated by \`node bench/browser-threads.mjs\` on ${doc.date}. Do not edit: rerun it.`, '',
    `**Machine:** ${doc.cpu}, ${doc.cores} cores; ${chromium}, headless, page served from ` +
    '127.0.0.1 with COOP/COEP (cross-origin isolated).  ',
    `**Method:** ${name}, dense; per round each runtime and thread count runs in a fresh ` +
    `page (order rotating): ${o.warmup} warm-up runs, then ${o.runs} timed; ${o.rounds} ` +
    `rounds; medians over all timed runs. Errors: max |out - onnxruntime-node| / max |onnxruntime-node|. ` +
    `Sparrow ran ${[...configs[0].sources].join(', ')} (built with --wasm-relaxed-simd=auto, as ` +
    `--emit=npm packages are). Threads in use as each runtime reports them: ` +
    rows.map((r) => `${r.runtime} ${r.threads}: ${r.threads_in_use.join('/')}`).join(', ') + '.',
    '',
    `| runtime | 1 thread ms | ${o.threads} threads ms | speed-up | Sparrow ${o.threads}t / this ${o.threads}t | max rel err |`,
    '|---|---|---|---|---|---|',
    ...['sparrow', 'ort-web', 'tfjs'].map((rt) => {
      const one = ms(rt, 1), many = ms(rt, o.threads);
      const errs = rows.filter((r) => r.runtime === rt).map((r) => r.max_rel_err);
      return `| ${{ sparrow: 'Sparrow (wasm32)', 'ort-web': 'onnxruntime-web (wasm)',
                    tfjs: 'TF.js (wasm, XNNPACK)' }[rt]} | ${one.toFixed(2)} | ` +
             `${many.toFixed(2)} | ${(one / many).toFixed(2)}× | ` +
             `${rt === 'sparrow' ? '' : `${(ours / many).toFixed(2)}×`} | ` +
             `${Math.max(...errs).toExponential(1)} |`;
    }), ''];
  writeFileSync(join(o.outDir, 'README.md'), lines.join('\n'));
  console.log(lines.slice(-6).join('\n'));
}

main().catch((e) => {
  console.error(`browser-threads: ${e.message}`);
  process.exit(1);
});
