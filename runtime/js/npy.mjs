// NumPy .npy files for the JS runners (run-wasm.mjs, ort-run.mjs).
//
// Writes format 1.0; reads 1.0, 2.0 and 3.0. Only little-endian C-order
// arrays of the dtypes below, matching runtime/tools/npy.c.

import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';

// dtype name -> [NumPy descr, typed array]. float16 travels as raw bits.
const TYPES = {
  float32: ['<f4', Float32Array],
  int64: ['<i8', BigInt64Array],
  float64: ['<f8', Float64Array],
  int32: ['<i4', Int32Array],
  int8: ['|i1', Int8Array],
  uint8: ['|u1', Uint8Array],
  bool: ['|b1', Uint8Array],
  float16: ['<f2', Uint16Array],
};

const MAGIC = [0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59]; // "\x93NUMPY"

export function npyDescr(dtype) {
  return TYPES[dtype]?.[0];
}

function dtypeOfDescr(descr) {
  return Object.keys(TYPES).find((k) => TYPES[k][0] === descr);
}

export function formatShape(shape) {
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

function parseHeader(text) {
  const field = (key) => {
    const m = new RegExp(`['"]${key}['"]\\s*:\\s*`).exec(text);
    return m ? text.slice(m.index + m[0].length) : undefined;
  };
  const descr = /^['"]([^'"]*)['"]/.exec(field('descr') ?? '');
  if (!descr) throw new Error("header has no 'descr'");
  const fortran = field('fortran_order');
  if (fortran?.startsWith('True'))
    throw new Error('Fortran-order arrays are not supported ' +
                    '(save a C-contiguous array)');
  if (!fortran?.startsWith('False'))
    throw new Error("header has no 'fortran_order'");
  const shape = /^\(([^)]*)\)/.exec(field('shape') ?? '');
  if (!shape) throw new Error("header has no 'shape' tuple");
  const dims = shape[1].split(',').map((s) => s.trim().replace(/L$/, ''))
    .filter((s) => s !== '');
  if (!dims.every((s) => /^\d+$/.test(s)))
    throw new Error("header has a malformed 'shape'");
  return { descr: descr[1], shape: dims.map(Number) };
}

// Parses .npy bytes into {shape, dtype, data}; `data` is a fresh typed array.
export function parseNpy(bytes) {
  const u8 = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (u8.length < 10 || !MAGIC.every((b, i) => u8[i] === b))
    throw new Error('not a .npy file (bad magic)');
  const dv = new DataView(u8.buffer, u8.byteOffset, u8.byteLength);
  const major = u8[6];
  let start;
  let headerLen;
  if (major === 1) {
    headerLen = dv.getUint16(8, true);
    start = 10;
  } else if (major === 2 || major === 3) {
    if (u8.length < 12) throw new Error('truncated header');
    headerLen = dv.getUint32(8, true);
    start = 12;
  } else {
    throw new Error(`unsupported .npy version ${major}.${u8[7]}`);
  }
  if (start + headerLen > u8.length) throw new Error('truncated header');
  const header = new TextDecoder().decode(
    u8.subarray(start, start + headerLen));
  const { descr, shape } = parseHeader(header);
  const dtype = dtypeOfDescr(descr);
  if (!dtype) throw new Error(`dtype '${descr}' is not supported`);
  const ArrayType = TYPES[dtype][1];
  const count = shape.reduce((a, b) => a * b, 1);
  const byteSize = count * ArrayType.BYTES_PER_ELEMENT;
  const dataStart = start + headerLen;
  if (u8.length - dataStart < byteSize)
    throw new Error(`file is truncated: expected ${byteSize} data bytes`);
  if (u8.length - dataStart > byteSize)
    throw new Error(`file has bytes after the ${byteSize} data bytes`);
  // Copy: the source offset need not be aligned for the typed array.
  const data = new ArrayType(count);
  new Uint8Array(data.buffer).set(u8.subarray(dataStart, dataStart + byteSize));
  return { shape, dtype, data };
}

// Encodes {shape, dtype, data} as .npy 1.0 bytes, data starting on a 64-byte
// boundary like NumPy's own files.
export function encodeNpy({ shape, dtype, data }) {
  const type = TYPES[dtype];
  if (!type) throw new Error(`cannot write dtype '${dtype}' to .npy`);
  const count = shape.reduce((a, b) => a * b, 1);
  if (!(data instanceof type[1]) || data.length !== count)
    throw new Error(`data must be a ${type[1].name} of ${count} elements`);
  let dict = `{'descr': '${type[0]}', 'fortran_order': False, ` +
             `'shape': ${formatShape(shape)}, }`;
  const total = Math.ceil((10 + dict.length + 1) / 64) * 64;
  dict = dict.padEnd(total - 10 - 1, ' ') + '\n';
  const out = new Uint8Array(total + data.byteLength);
  out.set(MAGIC);
  out[6] = 1;
  out[7] = 0;
  new DataView(out.buffer).setUint16(8, dict.length, true);
  out.set(new TextEncoder().encode(dict), 10);
  out.set(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), total);
  return out;
}

// "ENOENT: no such file or directory, open 'x'" -> "No such file or
// directory", the wording of C's strerror.
export function systemMessage(e) {
  const m = /^[A-Z]+: ([^,]*)/.exec(e.message)?.[1] ?? e.message;
  return m.charAt(0).toUpperCase() + m.slice(1);
}

// Reads a .npy file; errors name the file.
export function readNpy(path) {
  let bytes;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new Error(`${path}: cannot open: ${systemMessage(e)}`);
  }
  try {
    return parseNpy(bytes);
  } catch (e) {
    throw new Error(`${path}: ${e.message}`);
  }
}

// Writes a .npy file completely or not at all (temporary file + rename).
export function writeNpy(path, array) {
  const bytes = encodeNpy(array);
  const tmp = `${path}.partial`;
  try {
    writeFileSync(tmp, bytes);
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new Error(`${path}: cannot write: ${systemMessage(e)}`);
  }
}
