// Checks the JS model loader (model-loader.mjs.in) on the fake wasm models.
//
//   node loader_test.mjs DIR
//
// DIR holds fake.wasm/.mjs, fake_abi3.wasm/.mjs and fake_fails.wasm/.mjs,
// each .mjs generated from the template.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const dir = resolve(process.argv[2]);
const loaderOf = (base) => import(pathToFileURL(`${dir}/${base}.mjs`).href);
const { load } = await loaderOf('fake');
const bytes = readFileSync(`${dir}/fake.wasm`);

const ramp = (scale) => Float32Array.from({ length: 12 }, (_, i) => i * scale);

// Default source: the sibling fake.wasm.
const model = await load();
assert.deepEqual(model.inputs, [
  { name: 'a', dtype: 'float32', shape: [3, 4] },
  { name: 'b', dtype: 'float32', shape: [3, 4] },
]);
assert.deepEqual(model.outputs.map((t) => t.name), ['sum', 'double/sum:0']);

const first = model.run({ a: ramp(1), b: ramp(0.5) });
assert.deepEqual(first.sum, ramp(1.5));
assert.deepEqual(first['double/sum:0'], ramp(3));
// Results are copies: a later run does not change them.
model.run({ a: ramp(2), b: ramp(2) });
assert.deepEqual(first.sum, ramp(1.5));

assert.throws(() => model.run({ a: ramp(1) }), /missing input 'b'/);
assert.throws(() => model.run({ a: ramp(1), b: ramp(1), c: ramp(1) }),
              /unknown input 'c' \(model inputs: 'a', 'b'\)/);
assert.throws(() => model.run({ a: new Float32Array(11), b: ramp(1) }),
              /input 'a' has 11 elements, expected 12 \(shape \[3,4\]\)/);
assert.throws(() => model.run({ a: [1, 2], b: ramp(1) }),
              /input 'a' \(float32\) must be a Float32Array, got Array/);
assert.throws(() => model.run(null), /expects an object/);

// A module without threads (it brings its own memory) runs on one, whatever
// was asked; bad counts are refused.
assert.equal(model.threads, 1);
assert.equal((await load(undefined, { threads: 4 })).threads, 1);
await assert.rejects(load(undefined, { threads: 0 }),
                     /threads must be an integer in \[1, 16\], got 0/);
await assert.rejects(load(undefined, { threads: 1.5 }), RangeError);

// Other sources: path, file URL, bytes, ArrayBuffer, compiled module.
const sources = [
  `${dir}/fake.wasm`,
  pathToFileURL(`${dir}/fake.wasm`),
  pathToFileURL(`${dir}/fake.wasm`).href,
  new Uint8Array(bytes),
  bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
  new WebAssembly.Module(bytes),
];
for (const source of sources) {
  const other = await load(source);
  assert.deepEqual(other.run({ a: ramp(1), b: ramp(1) }).sum, ramp(2));
  other.free();
}
await assert.rejects(load(`${dir}/missing.wasm`), /ENOENT|no such file/);

// The browser path: fetch + instantiateStreaming, falling back to bytes when
// the server does not say application/wasm.
const server = createServer((req, res) => {
  const wasm = req.url.startsWith('/good/') ? 'application/wasm'
                                            : 'application/octet-stream';
  if (!req.url.endsWith('/fake.wasm')) {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'Content-Type': wasm }).end(bytes);
});
await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
const base = `http://127.0.0.1:${server.address().port}`;
for (const url of [`${base}/good/fake.wasm`, new URL(`${base}/plain/fake.wasm`)]) {
  const other = await load(url);
  assert.deepEqual(other.run({ a: ramp(1), b: ramp(1) }).sum, ramp(2));
  other.free();
}
await assert.rejects(load(`${base}/none.wasm`), /HTTP 404/);
server.close();

await model.free();
await model.free(); // twice is harmless
assert.throws(() => model.run({ a: ramp(1), b: ramp(1) }), /been freed/);

await assert.rejects((await loaderOf('fake_abi3')).load(),
                     /model ABI version 3 does not match/);
const failing = await (await loaderOf('fake_fails')).load();
assert.throws(() => failing.run({ a: ramp(1), b: ramp(1) }),
              /compiled model returned 7/);

console.log('loader_test: all checks passed');
