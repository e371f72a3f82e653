// The demo page's logic: loads model/model.mjs (threads when the page is
// cross-origin isolated), turns the picked picture into the model's input
// (224x224 RGB, ImageNet mean/std, NCHW) and shows the five highest outputs
// and the time per run. With ?report it runs once on a built-in gradient
// picture and posts what it did to /__report (test/browser/web-demo.test).

import { load } from './model/model.mjs';

const $ = (id) => document.getElementById(id);
const canvas = $('canvas');
const context = canvas.getContext('2d', { willReadFrequently: true });
const MEAN = [0.485, 0.456, 0.406];
const STD = [0.229, 0.224, 0.225];

function pixels() {
  const { width, height } = canvas;
  const rgba = context.getImageData(0, 0, width, height).data;
  const input = new Float32Array(3 * width * height);
  for (let c = 0; c < 3; c++)
    for (let i = 0; i < width * height; i++)
      input[c * width * height + i] = (rgba[4 * i + c] / 255 - MEAN[c]) / STD[c];
  return input;
}

function drawGradient() {
  const g = context.createLinearGradient(0, 0, canvas.width, canvas.height);
  g.addColorStop(0, '#1d4e89');
  g.addColorStop(1, '#f6ae2d');
  context.fillStyle = g;
  context.fillRect(0, 0, canvas.width, canvas.height);
}

async function drawFile(file) {
  const bitmap = await createImageBitmap(file);
  const side = Math.min(bitmap.width, bitmap.height); // centre crop
  context.drawImage(bitmap, (bitmap.width - side) / 2, (bitmap.height - side) / 2,
                    side, side, 0, 0, canvas.width, canvas.height);
}

function show(model, outputs, times) {
  const median = [...times].sort((a, b) => a - b)[Math.floor(times.length / 2)];
  $('timing').textContent = `${median.toFixed(1)} ms per run (median of ` +
    `${times.length}) on ${model.threads} thread(s)`;
  const last = model.outputs[model.outputs.length - 1];
  const scores = outputs[last.name];
  const top = [...scores.keys()].sort((a, b) => scores[b] - scores[a]).slice(0, 5);
  $('top').innerHTML = `<tr><th>class</th><th>${last.name}</th></tr>` +
    top.map((k) => `<tr><td>${k}</td><td>${scores[k].toFixed(4)}</td></tr>`).join('');
}

function runTimed(model, input, runs) {
  const feeds = { [model.inputs[0].name]: input };
  let outputs;
  const times = [];
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    outputs = model.run(feeds);
    times.push(performance.now() - start);
  }
  return { outputs, times };
}

const report = new URLSearchParams(location.search).has('report');
try {
  const model = await load();
  const [n, c, h, w] = model.inputs[0].shape;
  if (n !== 1 || c !== 3 || h !== canvas.height || w !== canvas.width)
    throw new Error(`the demo expects a 1x3x224x224 input, the model has ` +
                    `[${model.inputs[0].shape}]`);
  $('status').textContent = `Model loaded: ${model.threads} thread(s)` +
    (crossOriginIsolated ? '' : ' (the page is not cross-origin isolated)') +
    '. Pick a picture.';
  const go = () => show(model, ...Object.values(runTimed(model, pixels(), 10)));
  $('file').disabled = $('again').disabled = false;
  $('file').onchange = async () => { await drawFile($('file').files[0]); go(); };
  $('again').onclick = go;
  drawGradient();
  const { outputs, times } = runTimed(model, pixels(), report ? 3 : 10);
  show(model, outputs, times);
  if (report)
    await fetch('/__report', { method: 'POST', body: JSON.stringify({
      isolated: crossOriginIsolated, threads: model.threads, times,
      top: $('top').textContent,
      sums: Object.fromEntries(Object.entries(outputs).map(
        ([k, v]) => [k, v.reduce((a, b) => a + b, 0)])) }) });
} catch (e) {
  $('status').textContent = `Error: ${e.message}`;
  if (report)
    await fetch('/__report', { method: 'POST',
                               body: JSON.stringify({ error: String(e) }) });
}
