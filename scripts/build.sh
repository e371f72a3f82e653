#!/usr/bin/env bash
# Installs dependencies (idempotent) and builds Sparrow into build/ with
# CMake + Ninja, using ccache when present. Usage: scripts/build.sh [targets]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/install-deps.sh

BUILD_DIR=${SPARROW_BUILD_DIR:-build}
if [[ ! -f $BUILD_DIR/build.ninja ]]; then
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -G Ninja -S . -B "$BUILD_DIR" -DCMAKE_BUILD_TYPE=Release \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 "${launcher[@]}"
fi
ninja -C "$BUILD_DIR" "$@"
