//===- model_abi.h - The compiled-model ABI (version 2) -----------*- C -*-===//
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

/* An outlined parallel loop: runs iterations [begin, end). */
typedef void (*sparrow_abi_task)(void *ctx, int64_t begin, int64_t end);

/* How compiled code reaches the runtime's threads: it calls
   parallel_for(pool, task, ctx, n) to run iterations [0, n) of task, split
   across the pool; it returns when all have run. */
typedef struct sparrow_abi_dispatch {
  void (*parallel_for)(void *pool, sparrow_abi_task task, void *ctx, int64_t n);
  void *pool;
} sparrow_abi_dispatch;

typedef const sparrow_abi_model *(*sparrow_compiled_abi_fn)(void);
/* `dispatch` is NULL for single-threaded runs. */
typedef int32_t (*sparrow_compiled_run_fn)(
    void *const *inputs, void *const *outputs, void *arena,
    const sparrow_abi_dispatch *dispatch);

#define SPARROW_ABI_SYMBOL "sparrow_compiled_abi"
#define SPARROW_RUN_SYMBOL "sparrow_compiled_run"

#endif // SPARROW_RUNTIME_MODEL_ABI_H
