#!/usr/bin/env bash
# Standalone runtime check: builds runtime/ on its own with CMake for the
# host, aarch64 and wasm32 (the way docs/Runtime.md describes), then runs the
# runtime cases against those fresh builds.
#
#   test/runtime/run-tests.sh [WORK_DIR]
#
# The same cases are lit tests in this folder (api-*.test, runner-*.test,
# loader-wasm32.test, same-bits.test, ort-run.test), run by the test suite
# against the runtimes the main build stages under build/lib/sparrow; use
# this script when working on runtime/ without the LLVM/MLIR build, or to
# check that the standalone runtime project still builds.
#
# The runtime comes from installed prefixes named by SPARROW_RUNTIME_HOST,
# SPARROW_RUNTIME_AARCH64 and SPARROW_RUNTIME_WASM32 (the layout of
# `cmake --install` of runtime/); unset ones are built here with CMake.
# Targets whose tools are missing are skipped, not failed.
set -uo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
W="${1:-$(mktemp -d /tmp/sparrow-runtime-tests.XXXXXX)}"
mkdir -p "$W"
W="$(cd "$W" && pwd)"
LLVM_BIN=/usr/lib/llvm-22/bin
QEMU="qemu-aarch64 -L /usr/aarch64-linux-gnu"
PASS=0 FAIL=0 SKIP=0

# A python3 with numpy (pyenv shims may hide Debian's).
PY=""
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import numpy' 2>/dev/null; then PY="$p"; break; fi
done
[[ -n "$PY" ]] || { echo "run-tests: error: no python3 with numpy"; exit 1; }
NPY="$PY $HERE/npy_tool.py"

# ok NAME COMMAND: the command must succeed.
ok() {
  local name="$1" cmd="$2" log="$W/log/$1"
  mkdir -p "$W/log"
  if bash -c "$cmd" >"$log.out" 2>"$log.err"; then
    PASS=$((PASS + 1)); echo "PASS $name"
  else
    FAIL=$((FAIL + 1)); echo "FAIL $name: $cmd"; sed 's/^/  | /' "$log.err" | head -20
  fi
}

# fails NAME TOOL TEXT COMMAND: exit code 1, nothing on stdout, exactly one
# stderr line "TOOL: error: ..." containing TEXT.
fails() {
  local name="$1" tool="$2" text="$3" cmd="$4" log="$W/log/$1" rc
  mkdir -p "$W/log"
  bash -c "$cmd" >"$log.out" 2>"$log.err"; rc=$?
  local why=""
  [[ $rc -eq 1 ]] || why="exit code $rc"
  [[ -s "$log.out" ]] && why="${why:+$why, }stdout not empty"
  [[ $(wc -l <"$log.err") -eq 1 ]] || why="${why:+$why, }stderr is not one line"
  grep -q "^$tool: error: " "$log.err" || why="${why:+$why, }no '$tool: error: ' prefix"
  grep -qF -- "$text" "$log.err" || why="${why:+$why, }no '$text' in message"
  if [[ -z "$why" ]]; then
    PASS=$((PASS + 1)); echo "PASS $name"
  else
    FAIL=$((FAIL + 1)); echo "FAIL $name ($why): $cmd"; sed 's/^/  | /' "$log.err" | head -5
  fi
}

skip() { SKIP=$((SKIP + 1)); echo "SKIP $1: $2"; }
have() { command -v "$1" >/dev/null 2>&1; }

# build_runtime TARGET [TOOLCHAIN]: configures runtime/ alone and installs it.
build_runtime() {
  local target="$1" toolchain="${2:-}" gen=()
  have ninja && gen=(-G Ninja)
  cmake -S "$ROOT/runtime" -B "$W/build-$target" "${gen[@]}" \
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$W/prefix/$target" \
    ${toolchain:+-DCMAKE_TOOLCHAIN_FILE="$ROOT/cmake/toolchains/$toolchain"} \
    >"$W/build-$target.log" 2>&1 &&
    cmake --build "$W/build-$target" -j2 >>"$W/build-$target.log" 2>&1 &&
    cmake --install "$W/build-$target" >>"$W/build-$target.log" 2>&1 ||
    { echo "run-tests: building the $target runtime failed, see $W/build-$target.log"; return 1; }
}

# so_models CC DIR: the fake model, its variants and a .so without symbols.
so_models() {
  local cc="$1" d="$2"
  mkdir -p "$d"
  $cc -shared -fPIC -O2 -o "$d/fake.so" "$HERE/fake_model.c" &&
    $cc -shared -fPIC -O2 -DFAKE_ABI_VERSION=3 -o "$d/fake_abi3.so" "$HERE/fake_model.c" &&
    $cc -shared -fPIC -O2 -DFAKE_RUN_FAILS -o "$d/fake_fails.so" "$HERE/fake_model.c" &&
    $cc -shared -fPIC -O2 -DFAKE_WITH_INT64 -o "$d/fake_int64.so" "$HERE/fake_model.c" &&
    $cc -shared -fPIC -O2 -o "$d/no_symbols.so" "$HERE/no_symbols.c" &&
    cp "$HERE/fake_model.c" "$d/"
}

# Cases shared by the .so targets. $1: target name, $2: runner command, $3:
# model directory.
runner_cases() {
  local t="$1" run="$2" m="$3" o="$W/out/$1" in="$W/inputs"
  ok "$t-given-inputs" "$run $m/fake.so --input a=$in/a.npy --input b=$in/b.npy --output-dir $o/given > $o/given.json && $NPY check-add $o/given --given a=$in/a.npy --given b=$in/b.npy && $NPY check-json $o/given.json --runs 1 --output-dir $o/given"
  ok "$t-random-seed" "$run $m/fake.so --seed 42 --output-dir=$o/seed42 > $o/seed42.json && $NPY check-add $o/seed42 --seed 42"
  ok "$t-one-given-one-random" "$run $m/fake.so --input b=$in/b.npy --seed 5 --output-dir $o/mixed > /dev/null && $NPY check-add $o/mixed --given b=$in/b.npy --seed 5"
  ok "$t-runs-no-files" "$run $m/fake.so --runs 5 --warmup 2 > $o/runs.json && $NPY check-json $o/runs.json --runs 5 --no-files"
  ok "$t-int64-input" "$run $m/fake_int64.so --input a=$in/a.npy --input b=$in/b.npy --input bias=$in/bias.npy --output-dir $o/int64 > /dev/null && $NPY check-add $o/int64 --int64 --given a=$in/a.npy --given b=$in/b.npy --given bias=$in/bias.npy"
  ok "$t-int64-zero-fill" "$run $m/fake_int64.so --seed 9 --output-dir $o/int64z > /dev/null && $NPY check-add $o/int64z --int64 --seed 9"
  fails "$t-err-missing-model" "$4" "cannot open '$m/missing.so': No such file or directory" "$run $m/missing.so"
  fails "$t-err-no-symbols" "$4" "is not a Sparrow model: it has no symbol 'sparrow_compiled_abi'" "$run $m/no_symbols.so"
  fails "$t-err-not-elf" "$4" "is not a shared object" "$run $m/fake_model.c"
  fails "$t-err-abi-version" "$4" "model ABI version 3 does not match the runtime's version 2" "$run $m/fake_abi3.so"
  fails "$t-err-run-fails" "$4" "the compiled model returned 7" "$run $m/fake_fails.so"
  fails "$t-err-bad-shape" "$4" "$in/bad_shape.npy (input 'a'): shape (4, 3) does not match the input's shape (3, 4)" "$run $m/fake.so --input a=$in/bad_shape.npy"
  fails "$t-err-bad-dtype" "$4" "dtype '<f8' does not match the input's float32" "$run $m/fake.so --input a=$in/bad_dtype.npy"
  fails "$t-err-fortran" "$4" "Fortran-order arrays are not supported" "$run $m/fake.so --input b=$in/fortran.npy"
  fails "$t-err-not-npy" "$4" "not a .npy file" "$run $m/fake.so --input b=$in/not_npy.npy"
  fails "$t-err-truncated-npy" "$4" "file is truncated" "$run $m/fake.so --input b=$in/truncated.npy"
  fails "$t-err-missing-npy" "$4" "$in/none.npy (input 'a'): cannot open: No such file or directory" "$run $m/fake.so --input a=$in/none.npy"
  fails "$t-err-unknown-input" "$4" "unknown input 'c' in --input (model inputs: 'a', 'b')" "$run $m/fake.so --input c=$in/a.npy"
  fails "$t-err-bad-option" "$4" "unknown option '--frobnicate'" "$run $m/fake.so --frobnicate"
  fails "$t-err-bad-seed" "$4" "--seed expects an integer from 0 to 18446744073709551615, got '-1'" "$run $m/fake.so --seed -1"
  fails "$t-err-zero-runs" "$4" "--runs must be at least 1" "$run $m/fake.so --runs 0"
}

mkdir -p "$W/out"/{host,aarch64,wasm32} "$W/log"
$NPY make-inputs "$W/inputs" || exit 1

# --- host ------------------------------------------------------------------
HOST="${SPARROW_RUNTIME_HOST:-}"
if [[ -z "$HOST" ]]; then build_runtime host && HOST="$W/prefix/host"; fi
if [[ -n "$HOST" ]] && so_models gcc "$W/host"; then
  gcc -std=c11 -O2 -I"$HOST/include" "$HERE/api_test.c" "$HOST/lib/libsparrow_runtime.a" \
    -ldl -pthread -o "$W/host/api_test"
  ok host-api "$W/host/api_test $W/host"
  # The same checks with the runtime under ASan and UBSan.
  ok host-api-sanitizers "gcc -std=c11 -g -fsanitize=address,undefined -fno-sanitize-recover=all -I$ROOT/include -I$ROOT/runtime/lib $HERE/api_test.c $ROOT/runtime/lib/runtime.c $ROOT/runtime/lib/error.c $ROOT/runtime/lib/dtype.c $ROOT/runtime/lib/model_source_dlopen.c $ROOT/runtime/lib/thread_pool.c -ldl -pthread -o $W/host/api_test_asan && $W/host/api_test_asan $W/host"
  runner_cases host "$HOST/bin/sparrow-runner" "$W/host" sparrow-runner
else
  skip host "no host runtime"
fi

# --- aarch64 ---------------------------------------------------------------
A64="${SPARROW_RUNTIME_AARCH64:-}"
if ! have aarch64-linux-gnu-gcc || ! have qemu-aarch64; then
  skip aarch64 "needs aarch64-linux-gnu-gcc and qemu-aarch64"
else
  if [[ -z "$A64" ]]; then
    build_runtime aarch64 aarch64-linux-gnu.cmake && A64="$W/prefix/aarch64"
  fi
  if [[ -n "$A64" ]] && so_models aarch64-linux-gnu-gcc "$W/aarch64"; then
    aarch64-linux-gnu-gcc -std=c11 -O2 -I"$A64/include" "$HERE/api_test.c" \
      "$A64/lib/libsparrow_runtime.a" -ldl -pthread -o "$W/aarch64/api_test"
    ok aarch64-api "$QEMU $W/aarch64/api_test $W/aarch64"
    runner_cases aarch64 "$QEMU $A64/bin/sparrow-runner" "$W/aarch64" sparrow-runner
    fails aarch64-err-host-model sparrow-runner "is built for x86-64, but this runtime runs aarch64 code" \
      "$QEMU $A64/bin/sparrow-runner $W/host/fake.so"
  fi
fi

# --- wasm32 ----------------------------------------------------------------
WASM="${SPARROW_RUNTIME_WASM32:-}"
if ! have node || [[ ! -x $LLVM_BIN/clang ]] || [[ ! -x $LLVM_BIN/wasm-ld ]]; then
  skip wasm32 "needs node, $LLVM_BIN/clang and $LLVM_BIN/wasm-ld"
else
  if [[ -z "$WASM" ]]; then build_runtime wasm32 wasm32.cmake && WASM="$W/prefix/wasm32"; fi
  d="$W/wasm32"
  mkdir -p "$d"
  # Each variant: model object (freestanding, as sparrow-compile emits it) +
  # the whole runtime archive + wasi-libc, and its loader from the template.
  for v in fake: fake_abi3:-DFAKE_ABI_VERSION=3 fake_fails:-DFAKE_RUN_FAILS fake_int64:-DFAKE_WITH_INT64; do
    name="${v%%:*}" def="${v#*:}"
    $LLVM_BIN/clang --target=wasm32 -ffreestanding -msimd128 -O2 $def \
      -c "$HERE/fake_model.c" -o "$d/$name.o" &&
      $LLVM_BIN/wasm-ld --no-entry --strip-all "$d/$name.o" \
        --whole-archive "$WASM/lib/libsparrow_runtime.a" --no-whole-archive \
        -L/usr/lib/wasm32-wasi -lc -o "$d/$name.wasm" &&
      sed "s/@SPARROW_WASM_FILE@/$name.wasm/g" "$WASM/js/model-loader.mjs.in" >"$d/$name.mjs"
  done
  cp "$d/fake.wasm" "$d/orphan.wasm" # no loader next to it
  RW="node $WASM/js/run-wasm.mjs"
  o="$W/out/wasm32" in="$W/inputs"
  ok wasm32-no-imports "node -e 'const m = new WebAssembly.Module(require(\"fs\").readFileSync(\"$d/fake.wasm\")); const i = WebAssembly.Module.imports(m); if (i.length) { console.error(JSON.stringify(i)); process.exit(1); }'"
  ok wasm32-loader-api "node $HERE/loader_test.mjs $d"
  ok wasm32-given-inputs "$RW $d/fake.wasm --input a=$in/a.npy --input b=$in/b.npy --output-dir $o/given > $o/given.json && $NPY check-add $o/given --given a=$in/a.npy --given b=$in/b.npy && $NPY check-json $o/given.json --runs 1 --output-dir $o/given"
  ok wasm32-random-seed "$RW $d/fake.wasm --seed 42 --output-dir=$o/seed42 > $o/seed42.json && $NPY check-add $o/seed42 --seed 42"
  ok wasm32-runs-no-files "$RW $d/fake.wasm --runs 5 --warmup 2 > $o/runs.json && $NPY check-json $o/runs.json --runs 5 --no-files"
  ok wasm32-int64-input "$RW $d/fake_int64.wasm --input a=$in/a.npy --input b=$in/b.npy --input bias=$in/bias.npy --output-dir $o/int64 > /dev/null && $NPY check-add $o/int64 --int64 --given a=$in/a.npy --given b=$in/b.npy --given bias=$in/bias.npy"
  ok wasm32-int64-zero-fill "$RW $d/fake_int64.wasm --seed 9 --output-dir $o/int64z > /dev/null && $NPY check-add $o/int64z --int64 --seed 9"
  fails wasm32-err-missing-model run-wasm "$d/missing.wasm: no such file" "$RW $d/missing.wasm"
  fails wasm32-err-no-loader run-wasm "its loader $d/orphan.mjs is missing" "$RW $d/orphan.wasm"
  fails wasm32-err-abi-version run-wasm "model ABI version 3 does not match the runtime's version 2" "$RW $d/fake_abi3.wasm"
  fails wasm32-err-run-fails run-wasm "the compiled model returned 7" "$RW $d/fake_fails.wasm"
  fails wasm32-err-bad-shape run-wasm "$in/bad_shape.npy (input 'a'): shape (4, 3) does not match the input's shape (3, 4)" "$RW $d/fake.wasm --input a=$in/bad_shape.npy"
  fails wasm32-err-bad-dtype run-wasm "dtype '<f8' does not match the input's float32" "$RW $d/fake.wasm --input a=$in/bad_dtype.npy"
  fails wasm32-err-fortran run-wasm "Fortran-order arrays are not supported" "$RW $d/fake.wasm --input b=$in/fortran.npy"
  fails wasm32-err-missing-npy run-wasm "$in/none.npy (input 'a'): cannot open: No such file or directory" "$RW $d/fake.wasm --input a=$in/none.npy"
  fails wasm32-err-unknown-input run-wasm "unknown input 'c' in --input (model inputs: 'a', 'b')" "$RW $d/fake.wasm --input c=$in/a.npy"
  fails wasm32-err-bad-seed run-wasm "--seed expects an integer from 0 to 18446744073709551615, got '-1'" "$RW $d/fake.wasm --seed -1"
fi

# --- the same bits everywhere ------------------------------------------------
# Random inputs come from one generator, so every target must write identical
# files (and equal the python re-implementation, checked above).
for t in aarch64 wasm32; do
  if [[ -f "$W/out/$t/seed42/sum.npy" && -f "$W/out/host/seed42/sum.npy" ]]; then
    ok "same-bits-host-$t" "$NPY same $W/out/host/seed42 $W/out/$t/seed42"
  fi
done

# --- onnxruntime oracle ------------------------------------------------------
if have node && [[ -d "$ROOT/node_modules/onnxruntime-node" ]] &&
  $PY -c 'import onnx' 2>/dev/null; then
  JS="${WASM:-${HOST:-$ROOT/runtime}}/js"
  [[ -f "$JS/ort-run.mjs" ]] || JS="$ROOT/runtime/js"
  # Run from the work dir: ort-run must find onnxruntime-node via the env var.
  ORT="env SPARROW_NODE_MODULES=$ROOT/node_modules node $JS/ort-run.mjs"
  o="$W/out/ort"
  $PY "$HERE/make_add_onnx.py" "$W/add.onnx"
  ok ort-random-seed "$ORT $W/add.onnx --seed 42 --output-dir $o/seed42 > $o.json && $NPY check-add $o/seed42 --seed 42 && $NPY check-json $o.json --runs 1 --output-dir $o/seed42"
  ok ort-given-inputs "$ORT $W/add.onnx --input a=$W/inputs/a.npy --input b=$W/inputs/b.npy --output-dir $o/given --runs 3 > /dev/null && $NPY check-add $o/given --given a=$W/inputs/a.npy --given b=$W/inputs/b.npy"
  fails ort-err-unknown-input ort-run "unknown input 'c' in --input (model inputs: 'a', 'b')" "$ORT $W/add.onnx --input c=$W/inputs/a.npy"
  fails ort-err-bad-shape ort-run "shape (4, 3) does not match the input's shape (3, 4)" "$ORT $W/add.onnx --input a=$W/inputs/bad_shape.npy"
  fails ort-err-missing-model ort-run "cannot open '$W/none.onnx'" "$ORT $W/none.onnx"
  fails ort-err-not-onnx ort-run "failed" "$ORT $W/inputs/a.npy"
else
  skip ort "needs node, $ROOT/node_modules/onnxruntime-node and python3-onnx"
fi

echo "run-tests: $PASS passed, $FAIL failed, $SKIP skipped (work dir $W)"
[[ $FAIL -eq 0 ]]
