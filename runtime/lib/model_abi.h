//===- model_abi.h - The compiled-model ABI (version 1) -----------*- C -*-===//
//
// The two symbols a compiled model exports and the structs they describe, as
// specified in docs/ModelABI.md. Pointers have the native width of the target
// (4 bytes on wasm32), so the natural C layout matches what the compiler emits.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_MODEL_ABI_H
#define SPARROW_RUNTIME_MODEL_ABI_H

#include <stdint.h>

typedef struct sparrow_abi_tensor {
  const char *name;
  int32_t dtype;
  int32_t rank;
  const int64_t *shape;
} sparrow_abi_tensor;

typedef struct sparrow_abi_model {
  uint32_t abi_version;
  uint32_t num_inputs;
  uint32_t num_outputs;
  uint32_t arena_alignment;
  uint64_t arena_bytes;
  const sparrow_abi_tensor *inputs;
  const sparrow_abi_tensor *outputs;
} sparrow_abi_model;

typedef const sparrow_abi_model *(*sparrow_compiled_abi_fn)(void);
typedef int32_t (*sparrow_compiled_run_fn)(void *const *inputs,
                                           void *const *outputs, void *arena);

#define SPARROW_ABI_SYMBOL "sparrow_compiled_abi"
#define SPARROW_RUN_SYMBOL "sparrow_compiled_run"

#endif // SPARROW_RUNTIME_MODEL_ABI_H
