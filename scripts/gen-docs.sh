#!/usr/bin/env bash
# Regenerates docs/reference/ (dialect and pass reference) from the ODS
# definitions. test/docs/reference-up-to-date.test fails when it is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SPARROW_BUILD_DIR:-build}
scripts/build.sh mlir-doc
mkdir -p docs/reference
cp "$BUILD_DIR/docs/Dialects/SparrowOps.md" docs/reference/SparrowDialect.md
cp "$BUILD_DIR/docs/Passes/SparrowFusionPasses.md" docs/reference/FusionPasses.md
cp "$BUILD_DIR/docs/Passes/SparrowLoweringPasses.md" docs/reference/LoweringPasses.md
cp "$BUILD_DIR/docs/Passes/SparrowQuantizationPasses.md" docs/reference/QuantizationPasses.md
cp "$BUILD_DIR/docs/Passes/SparrowSparsityPasses.md" docs/reference/SparsityPasses.md
