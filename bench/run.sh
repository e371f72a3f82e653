#!/usr/bin/env bash
# Sparrow's benchmark harness: sparrow vs onnxruntime-node (host .so) and vs
# onnxruntime-web and TF.js wasm (wasm32 under node), dense and group<4x1>
# sparse MobileNets, and fusion on/off. Not part of the test suite.
#
#   bench/run.sh [--quick] [--runs N] [--warmup N] [--models a,b]
#                [--sparsities 0,0.3,...] [--targets host,wasm32] ...
#   bench/run.sh --help
#
# Needs a built tree (scripts/build.sh) and scripts/install-deps.sh (node
# packages, python3-matplotlib). Writes docs/benchmarks/{results.json,
# README.md,latency.png}; --quick writes under build/bench/quick instead.
set -euo pipefail
cd "$(dirname "$0")/.."
exec /usr/bin/python3 bench/bench.py "$@"
