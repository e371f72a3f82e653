#!/usr/bin/env bash
# fake-models.sh CC DIR: builds the fake compiled model and its variants into
# DIR with the C compiler CC (gcc, aarch64-linux-gnu-gcc, or "wasm32" for
# clang-22 + wasm-ld with the wasm32 runtime RT_WASM32 linked in).
#   fake.so          a 3x4 add through the arena (fake_model.c)
#   fake_abi3.so     declares ABI version 3
#   fake_fails.so    sparrow_compiled_run returns 7
#   fake_int64.so    adds an int64 input 'bias'
#   no_symbols.so    a shared object without the ABI symbols (not for wasm32)
#   fake_model.c     a copy of the source: a file that is not a shared object
# For wasm32 the files are .wasm, each with its .mjs loader.
set -euo pipefail
cc="$1" dir="$2"
src="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$dir"
variants=(fake: fake_abi3:-DFAKE_ABI_VERSION=3 fake_fails:-DFAKE_RUN_FAILS
          fake_int64:-DFAKE_WITH_INT64)
if [[ "$cc" != wasm32 ]]; then
  for v in "${variants[@]}"; do
    $cc -shared -fPIC -O2 ${v#*:} -o "$dir/${v%%:*}.so" "$src/fake_model.c"
  done
  $cc -shared -fPIC -O2 -o "$dir/no_symbols.so" "$src/no_symbols.c"
  cp "$src/fake_model.c" "$dir/"
  exit 0
fi
llvm=/usr/lib/llvm-22/bin
: "${RT_WASM32:?set RT_WASM32 to the wasm32 runtime prefix}"
for v in "${variants[@]}"; do
  name="${v%%:*}"
  # The model object is freestanding, as sparrow-compile emits it.
  $llvm/clang --target=wasm32 -ffreestanding -msimd128 -O2 ${v#*:} \
    -c "$src/fake_model.c" -o "$dir/$name.o"
  $llvm/wasm-ld --no-entry --strip-all "$dir/$name.o" \
    --whole-archive "$RT_WASM32/lib/libsparrow_runtime.a" --no-whole-archive \
    -L/usr/lib/wasm32-wasi -lc -o "$dir/$name.wasm"
  # Modules that bring their own memory: no worker file, no memory sizes.
  sed -e "s/@SPARROW_WASM_FILE@/$name.wasm/g" -e "s/@SPARROW_WORKER_FILE@//g" \
    -e "s/@SPARROW_WORKER_URL@/null/g" -e "s/@SPARROW_RELAXED_WASM_URL@/null/g" \
    -e "s/@SPARROW_MEMORY_[A-Z]*@/0/g" -e "s/@SPARROW_STACK_BYTES@/0/g" \
    -e "s/@SPARROW_MAX_THREADS@/16/g" "$RT_WASM32/js/model-loader.mjs.in" \
    > "$dir/$name.mjs"
done
