// What a test page does with a model: fetches the job browser-run.mjs
// serves at /__job, loads the model with the job's thread count, runs it on
// the job's inputs and posts the outputs and times (or the error) to
// /__report. Shared by the harness's own page (model-page.html) and the
// bundled app of the bundler test, which passes the `load` it imported.

const post = (result) => fetch('/__report', {
  method: 'POST', body: JSON.stringify(result) });
const fail = (e) => post({ error: String(e?.stack ?? e) });

const ARRAYS = { float32: Float32Array, int32: Int32Array,
                 int64: BigInt64Array, uint8: Uint8Array, int8: Int8Array,
                 bool: Uint8Array };

const base64 = (array) => {
  const bytes = new Uint8Array(array.buffer, array.byteOffset,
                               array.byteLength);
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000)
    s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(s);
};

// `load`: the model's loader function, or null to import the job's loader.
export async function runJob(load) {
  addEventListener('error', (e) => fail(e.message));
  addEventListener('unhandledrejection', (e) => fail(e.reason));
  try {
    const job = await (await fetch('/__job')).json();
    load ??= (await import(job.loader)).load;
    const model = await load(undefined,
                             job.threads ? { threads: job.threads } : {});
    const feeds = {};
    for (const x of job.inputs)
      feeds[x.name] = new ARRAYS[x.dtype](
        await (await fetch(x.url)).arrayBuffer());
    let outputs;
    const times = [];
    for (let r = 0; r < job.warmup + job.runs; r++) {
      const start = performance.now();
      outputs = model.run(feeds);
      if (r >= job.warmup) times.push(performance.now() - start);
    }
    const result = {
      isolated: globalThis.crossOriginIsolated === true,
      threads: model.threads,
      source: model.source,
      times,
      outputs: model.outputs.map(
        (t) => ({ ...t, base64: base64(outputs[t.name]) })),
    };
    await model.free();
    await post(result);
  } catch (e) {
    await fail(e);
  }
}
