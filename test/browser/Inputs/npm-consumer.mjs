// A user's node program: imports the installed model package by its name,
// runs it on an .npy input with the threads asked for and writes the
// outputs as .npy files.
//
//   node npm-consumer.mjs PACKAGE NPY_MODULE INPUT.npy THREADS OUT_DIR
// (NPY_MODULE: the path of runtime/js/npy.mjs, for reading and writing .npy)

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [pkg, npyModule, input, threads, outDir] = process.argv.slice(2);
const { load } = await import(pkg);
const { readNpy, writeNpy } = await import(pathToFileURL(npyModule).href);
const model = await load(undefined, { threads: Number(threads) });
const x = readNpy(input);
const outputs = model.run({ [model.inputs[0].name]: x.data });
mkdirSync(outDir, { recursive: true });
for (const t of model.outputs)
  writeNpy(join(outDir, `${t.name}.npy`),
           { shape: t.shape, dtype: t.dtype, data: outputs[t.name] });
console.log(`${pkg}: threads=${model.threads} ` +
            `source=${model.source.split('/').pop()}`);
await model.free();
