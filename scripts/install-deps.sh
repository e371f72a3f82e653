#!/usr/bin/env bash
# Installs everything Sparrow needs on a fresh Debian 12 machine. Idempotent:
# packages already present are skipped by apt and npm.
set -euo pipefail
cd "$(dirname "$0")/.."

PKGS=(
  llvm-22-dev libmlir-22-dev mlir-22-tools clang-22 lld-22 libzstd-dev
  libclang-rt-22-dev libonnx-dev libprotobuf-dev protobuf-compiler libonnx-testdata
  python3-onnx python3-numpy qemu-user gcc-aarch64-linux-gnu
  libc6-dev-arm64-cross wasi-libc ninja-build cmake ccache
  python3-matplotlib # bench/run.sh draws docs/benchmarks/latency.png
  python3-torch python3-torchvision # examples/zoo.py exports real architectures
  chromium # test/browser: the wasm32 module in a real browser
)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
    missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""
  [[ $(id -u) -ne 0 ]] && SUDO=sudo
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# onnxruntime-node is the numerical oracle; onnxruntime-web and TF.js
# (tfjs-core, tfjs-backend-wasm) are the benchmark's wasm peers. The
# onnxruntime-node install script would try to download CUDA files; the CPU
# library ships inside the package. npm ci runs again when package-lock.json
# is newer than the installed tree (npm's node_modules/.package-lock.json).
if [[ ! -f node_modules/.package-lock.json ||
      package-lock.json -nt node_modules/.package-lock.json ]]; then
  ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error
fi
