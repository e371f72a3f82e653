//===- model_source.h - Where a compiled model's code is ----------*- C -*-===//
//
// The .so targets dlopen the model; the wasm32 build has it linked in. Both
// yield the two ABI entry points.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_MODEL_SOURCE_H
#define SPARROW_RUNTIME_MODEL_SOURCE_H

#include "model_abi.h"
#include "sparrow/runtime.h"

typedef struct sparrow_model_source {
  void *handle; // dlopen handle; NULL for a linked-in model
  sparrow_compiled_abi_fn abi;
  sparrow_compiled_run_fn run;
} sparrow_model_source;

// Finds the entry points of the model at `path`. On failure records the last
// error and leaves nothing open.
sparrow_status sparrow_source_open(const char *path, sparrow_model_source *out);

void sparrow_source_close(sparrow_model_source *source);

#endif // SPARROW_RUNTIME_MODEL_SOURCE_H
