#!/usr/bin/env bash
# The main job: builds Sparrow, makes the bundled MobileNet-v1, compiles it
# for host, aarch64 and wasm32, runs each (aarch64 under qemu-aarch64, wasm32
# under node) on one seeded input and prints the latency and the error
# against onnxruntime.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SPARROW_BUILD_DIR:-build}
scripts/build.sh sparrow-compile sparrow-run sparrow-runtime-targets sparrow-example-models

MODEL=${1:-$BUILD_DIR/models/mobilenet_v1.onnx}
OUT=$BUILD_DIR/example
rm -rf "$OUT" && mkdir -p "$OUT"
BIN=$BUILD_DIR/bin
/usr/bin/python3 scripts/make_input.py "$MODEL" --out "$OUT/input" --seed 1 >/dev/null
node runtime/js/ort-run.mjs "$MODEL" --input input="$OUT/input/input.npy" \
  --output-dir "$OUT/onnxruntime" --runs 10 > "$OUT/onnxruntime.json"

printf '\n%-9s %-28s %12s %14s\n' target artifact "median ms" "max rel err"
report() { # target artifact json outdir
  local ms err
  ms=$(/usr/bin/python3 -c 'import json,sys; print("%.2f" % json.load(open(sys.argv[1]))["median_ms"])' "$3")
  err=$(/usr/bin/python3 scripts/compare_outputs.py "$4" "$OUT/onnxruntime" |
    awk '/max_rel_err/ {for (i = 1; i <= NF; i++) if ($i == "max_rel_err") print $(i + 1)}' |
    sort -g | tail -1)
  printf '%-9s %-28s %12s %14s\n' "$1" "$2" "$ms" "$err"
}
report onnxruntime "onnxruntime-node (1 thread)" "$OUT/onnxruntime.json" "$OUT/onnxruntime"
for target in host aarch64 wasm32; do
  ext=so; runs=10
  [[ $target == wasm32 ]] && ext=wasm
  [[ $target == aarch64 ]] && runs=1 # qemu emulation: timing means nothing
  art="$OUT/mobilenet_v1-$target.$ext"
  "$BIN/sparrow-compile" "$MODEL" --target=$target -o "$art"
  "$BIN/sparrow-run" "$art" --input input="$OUT/input/input.npy" \
    --output-dir "$OUT/$target" --runs $runs --json > "$OUT/$target.json"
  report $target "$(basename "$art")" "$OUT/$target.json" "$OUT/$target"
done
/usr/bin/python3 scripts/compare_outputs.py "$OUT/host" "$OUT/onnxruntime" --max-rel-err 1e-4 >/dev/null
/usr/bin/python3 scripts/compare_outputs.py "$OUT/aarch64" "$OUT/onnxruntime" --max-rel-err 1e-4 >/dev/null
/usr/bin/python3 scripts/compare_outputs.py "$OUT/wasm32" "$OUT/onnxruntime" --max-rel-err 1e-4 >/dev/null
echo "all targets agree with onnxruntime (max|ours - ort| / max|ort| <= 1e-4)"
