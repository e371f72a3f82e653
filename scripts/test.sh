#!/usr/bin/env bash
# The whole test suite: builds everything, then runs every lit suite
# (dialect, import, passes, conversion, targets, tools, runtime, e2e against
# onnxruntime). Ends with a line "tests: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SPARROW_BUILD_DIR:-build}
scripts/build.sh all sparrow-runtime-targets sparrow-example-models sparrow-zoo-models mlir-doc

status=0
/usr/lib/llvm-22/bin/lit -sv --time-tests \
  --xunit-xml-output "$BUILD_DIR/test-results.xml" "$BUILD_DIR/test" || status=$?
/usr/bin/python3 - "$BUILD_DIR/test-results.xml" <<'PY'
import sys, xml.etree.ElementTree as ET
root = ET.parse(sys.argv[1]).getroot()
cases = root.iter("testcase")
passed = failed = skipped = 0
for c in cases:
    if c.find("failure") is not None or c.find("error") is not None:
        failed += 1
    elif c.find("skipped") is not None:
        skipped += 1
    else:
        passed += 1
print(f"tests: {passed} passed, {failed} failed, {skipped} skipped")
PY
exit $status
