#!/usr/bin/env bash
# The web demo (examples/web-demo): builds Sparrow, compiles a model
# (default: the bundled MobileNet-v1) for wasm32 into build/web-demo/model/,
# copies the page beside it and serves the folder on http://127.0.0.1:PORT/
# (default 8080) with the COOP/COEP headers that let the model run on
# several threads.
#   scripts/web-demo.sh [MODEL.onnx] [--port N] [--out DIR] [--no-build]
#                       [--no-serve]
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SPARROW_BUILD_DIR:-build}
MODEL=$BUILD_DIR/models/mobilenet_v1.onnx PORT=8080 SERVE=1 BUILD=1
OUT=$BUILD_DIR/web-demo
while (($#)); do
  case "$1" in
    --port) PORT=$2; shift ;;
    --out) OUT=$2; shift ;;
    --no-build) BUILD=0 ;;
    --no-serve) SERVE=0 ;;
    *) MODEL=$1 ;;
  esac
  shift
done
((BUILD)) && scripts/build.sh sparrow-compile sparrow-runtime-targets sparrow-example-models
rm -rf "$OUT" && mkdir -p "$OUT/model"
"$BUILD_DIR/bin/sparrow-compile" "$MODEL" --target=wasm32 -o "$OUT/model/model.wasm"
cp examples/web-demo/index.html examples/web-demo/demo.mjs "$OUT/"
echo "web demo in $OUT"
if ((SERVE)); then
  exec node --input-type=module -e "
    import { startServer } from '$PWD/scripts/static-server.mjs';
    const s = await startServer({ root: '$(realpath "$OUT")', isolated: true, port: $PORT });
    console.log('open ' + s.url + '/ (Ctrl-C stops)');"
fi
