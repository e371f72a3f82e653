#!/usr/bin/env bash
# The main job: builds Sparrow, makes the bundled MobileNet-v1, prunes it to
# 50% group<4x1> sparsity (channels rearranged first), compiles the dense and
# the pruned model for host, aarch64 and wasm32, runs each (aarch64 under
# qemu-aarch64, wasm32 under node) on one seeded input, and prints per target
# the latency, the sparse build's speed-up over the dense one and over
# onnxruntime (node for host, web for wasm32), and the error against
# onnxruntime on the same model.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SPARROW_BUILD_DIR:-build}
scripts/build.sh sparrow-compile sparrow-run sparrow-sparsify \
  sparrow-runtime-targets sparrow-example-models

MODEL=${1:-$BUILD_DIR/models/mobilenet_v1.onnx}
OUT=$BUILD_DIR/example
rm -rf "$OUT" && mkdir -p "$OUT"
BIN=$BUILD_DIR/bin
SPARSE=$OUT/model-sparse50.onnx
"$BIN/sparrow-sparsify" "$MODEL" --pattern 4x1 --rearrange --sparsity 0.5 \
  -o "$SPARSE" >/dev/null
/usr/bin/python3 scripts/make_input.py "$MODEL" --out "$OUT/input" --seed 1 >/dev/null
INPUT=(--input input="$OUT/input/input.npy")

# onnxruntime: the reference outputs of both models, and the peers' times.
ort() { # model name [--web]
  node runtime/js/ort-run.mjs "$1" "${INPUT[@]}" --output-dir "$OUT/ort-$2" \
    --runs 10 --warmup 3 "${@:3}" > "$OUT/ort-$2.json"
}
ort "$MODEL" dense
ort "$SPARSE" sparse
ort "$MODEL" web --web

median() { /usr/bin/python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["median_ms"])' "$1"; }
maxerr() { # comparison
  awk '/max_rel_err/ {for (i = 1; i <= NF; i++) if ($i == "max_rel_err") print $(i + 1)}' "$1" |
    sort -g | tail -1
}
ratio() { /usr/bin/python3 -c 'import sys; print("%.2fx" % (float(sys.argv[1]) / float(sys.argv[2])))' "$1" "$2"; }

rows=()
for target in host aarch64 wasm32; do
  ext=so; runs=10
  [[ $target == wasm32 ]] && ext=wasm
  [[ $target == aarch64 ]] && runs=1 # qemu emulation: timing means nothing
  for kind in dense sparse; do
    model=$MODEL
    [[ $kind == sparse ]] && model=$SPARSE
    art="$OUT/$(basename "$MODEL" .onnx)-$kind-$target.$ext"
    "$BIN/sparrow-compile" "$model" --target=$target -o "$art"
    "$BIN/sparrow-run" "$art" "${INPUT[@]}" --output-dir "$OUT/$target-$kind" \
      --runs $runs --json > "$OUT/$target-$kind.json"
    # Stops the job (exit 1) past 1e-4: it checks what it prints.
    /usr/bin/python3 scripts/compare_outputs.py "$OUT/$target-$kind" \
      "$OUT/ort-$kind" --max-rel-err 1e-4 > "$OUT/$target-$kind.compare"
    declare "err_$kind=$(maxerr "$OUT/$target-$kind.compare")"
  done
  dense=$(median "$OUT/$target-dense.json")
  sparse=$(median "$OUT/$target-sparse.json")
  peer=-; vs_dense=-; vs_peer=-
  [[ $target == host ]] && peer=$(median "$OUT/ort-dense.json")
  [[ $target == wasm32 ]] && peer=$(median "$OUT/ort-web.json")
  if [[ $target != aarch64 ]]; then
    vs_dense=$(ratio "$dense" "$sparse")
    vs_peer=$(ratio "$peer" "$sparse")
    dense=$(printf '%.2f' "$dense"); sparse=$(printf '%.2f' "$sparse")
    peer=$(printf '%.2f' "$peer")
  else
    dense="(qemu)"; sparse="(qemu)"
  fi
  rows+=("$(printf '%-8s %9s %9s %9s %9s %9s   %s' "$target" "$dense" \
    "$sparse" "$vs_dense" "$peer" "$vs_peer" "$err_dense / $err_sparse")")
done

echo
echo "$(basename "$MODEL" .onnx), dense and 50% group<4x1> (rearranged), 1 thread, median ms of 10 runs"
echo "ort: onnxruntime-node on host, onnxruntime-web (wasm SIMD) on wasm32"
echo "vs dense, vs ort: the sparse build's speed-up; error: max |ours - ort| / max |ort|"
printf '%-8s %9s %9s %9s %9s %9s   %s\n' target dense sparse50 "vs dense" ort "vs ort" \
  "error dense / sparse"
printf '%s\n' "${rows[@]}"
echo "all targets agree with onnxruntime on the dense and the pruned model (max rel err <= 1e-4)"
