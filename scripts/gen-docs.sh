#!/usr/bin/env bash
# Regenerates docs/reference/ (dialect and pass reference) from the ODS
# definitions. test/docs/reference-up-to-date.test fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SPARROW_BUILD_DIR:-build}
scripts/build.sh mlir-doc
mkdir -p docs/reference
cp "$BUILD_DIR/docs/Dialects/SparrowOps.md" docs/reference/SparrowDialect.md
for group in Conversion Fusion Kernels Memory Parallel Quantization Sparsity; do
  cp "$BUILD_DIR/docs/Passes/Sparrow${group}Passes.md" "docs/reference/${group}Passes.md"
done
