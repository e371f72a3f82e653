// Runs many ONNX models in onnxruntime-node in one process (loading
// onnxruntime once instead of once per model), for export_roundtrip.py.
//
//   node ort_batch.mjs JOBS.json
//
// JOBS.json is a list of {model, inputs: {name: file.npy}, outdir}. Every
// job writes outdir/output_<i>.npy per model output, in model order, and
// outdir/status.json ({"ok": true} or {"ok": false, "error": "..."}).
// Graph optimisations are off: both sides of a comparison run the ops as
// the ONNX spec defines them (see ort-run.mjs on onnxruntime's int8 fusions).

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readNpy, writeNpy } from '../../runtime/js/npy.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const dirs = [process.env.SPARROW_NODE_MODULES,
              join(here, '..', '..', 'node_modules')].filter(Boolean);
const dir = dirs.map((d) => resolve(d))
                .find((d) => existsSync(join(d, 'onnxruntime-node')));
if (!dir) {
  console.error('ort_batch: cannot find onnxruntime-node');
  process.exit(1);
}
const ort = createRequire(join(dir, 'ort-batch.cjs'))('onnxruntime-node');
ort.env.logLevel = 'error';

async function runJob(job) {
  const session = await ort.InferenceSession.create(job.model, {
    intraOpNumThreads: 1,
    interOpNumThreads: 1,
    executionMode: 'sequential',
    graphOptimizationLevel: 'disabled',
    logSeverityLevel: 3,
  });
  const feeds = {};
  for (const [name, file] of Object.entries(job.inputs)) {
    const a = readNpy(file);
    feeds[name] = new ort.Tensor(a.dtype, a.data, a.shape);
  }
  const results = await session.run(feeds);
  session.outputNames.forEach((name, i) => {
    const t = results[name];
    writeNpy(join(job.outdir, `output_${i}.npy`),
             { shape: t.dims, dtype: t.type, data: t.data });
  });
  await session.release?.();
}

const jobs = JSON.parse(readFileSync(process.argv[2], 'utf8'));
for (const job of jobs) {
  mkdirSync(job.outdir, { recursive: true });
  let status = { ok: true };
  try {
    await runJob(job);
  } catch (e) {
    status = { ok: false, error: String(e?.message ?? e).split('\n')[0] };
  }
  writeFileSync(join(job.outdir, 'status.json'), JSON.stringify(status));
}
