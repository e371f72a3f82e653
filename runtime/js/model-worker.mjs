// One extra thread of a wasm32 model built with threads: sparrow-compile
// writes this file next to the module as MODEL.worker.mjs and the loader
// (MODEL.mjs) starts one per extra thread, as a module Web Worker in a
// browser or a worker_threads Worker in node. It receives the compiled
// module, the shared memory, the runtime's pool and the top of a stack the
// loader allocated, then stays in the pool until the model is freed.
// No top-level await: bundlers may emit workers as classic scripts.

async function work({ module, memory, pool, stackTop }, post) {
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const ex = instance.exports;
  // The module's stack pointer starts at the main thread's stack.
  ex.__stack_pointer.value = stackTop;
  post('ready');
  ex.sparrow_wasm_pool_work(pool); // returns when the pool stops
  post('exit');
}

function serve(data, post) {
  work(data, post).catch((e) => post(String(e?.stack ?? e)));
}

if (typeof process === 'object' && typeof process.versions?.node === 'string') {
  // A computed name keeps bundlers from resolving a node built-in.
  const name = 'worker_threads';
  import(/* @vite-ignore */ /* webpackIgnore: true */ `node:${name}`).then(({ parentPort }) => parentPort.once(
    'message', (data) => serve(data, (m) => parentPort.postMessage(m))));
} else {
  self.addEventListener('message', (e) => serve(e.data, (m) => postMessage(m)),
                        { once: true });
}
