//===- model_source_static.c - A model linked into the same module --------===//
//
// Used by the wasm32 build (SPARROW_STATIC_MODEL): wasm-ld links the compiled
// model object and this runtime into one module, so there is nothing to open.
//
//===----------------------------------------------------------------------===//

#include "model_source.h"

#include <string.h>

// Defined by the compiled model object.
const sparrow_abi_model *sparrow_compiled_abi(void);
int32_t sparrow_compiled_run(void *const *inputs, void *const *outputs,
                             void *arena, const sparrow_abi_dispatch *dispatch);

sparrow_status sparrow_source_open(const char *path,
                                   sparrow_model_source *out) {
  (void)path; // There is exactly one model: the linked-in one.
  memset(out, 0, sizeof(*out));
  out->abi = sparrow_compiled_abi;
  out->run = sparrow_compiled_run;
  return SPARROW_OK;
}

void sparrow_source_close(sparrow_model_source *source) {
  memset(source, 0, sizeof(*source));
}
