"""Splits a .wasm file's bytes into data (the DATA section: weights and
other static data) and the rest (code, tables, exports: the runtime and the
kernels), reading the section headers of the binary format.

  wasm_sizes.py MODULE.wasm [--max-rest-kib N]

Prints "data: D bytes, rest: R bytes"; exits 1 when R exceeds N KiB.
"""
import argparse
import sys

DATA_SECTION = 11


def leb128(buf, pos):
    value = shift = 0
    while True:
        byte = buf[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if byte < 0x80:
            return value, pos


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("module")
    parser.add_argument("--max-rest-kib", type=float)
    args = parser.parse_args()
    buf = open(args.module, "rb").read()
    if buf[:4] != b"\0asm":
        sys.exit(f"{args.module}: not a WebAssembly module")
    pos, data = 8, 0
    while pos < len(buf):
        section = buf[pos]
        size, body = leb128(buf, pos + 1)
        if section == DATA_SECTION:
            data += body + size - pos
        pos = body + size
    rest = len(buf) - data
    print(f"data: {data} bytes, rest: {rest} bytes")
    if args.max_rest_kib is not None and rest > args.max_rest_kib * 1024:
        sys.exit(f"{args.module}: {rest} bytes besides data, over "
                 f"{args.max_rest_kib:g} KiB")


if __name__ == "__main__":
    main()
