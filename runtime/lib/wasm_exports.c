//===- wasm_exports.c - Helpers the JS loader calls in the wasm32 module --===//
//
// JavaScript cannot call malloc or read C structs portably, so the module
// exports an allocator and accessors for sparrow_tensor_info. Only compiled
// into the wasm32 build (see CMakeLists.txt).
//
//===----------------------------------------------------------------------===//

#include "export.h"
#include "sparrow/runtime.h"

#include <stdlib.h>

// Wide enough for any SIMD load the compiled code might make on a buffer.
#define WASM_BUFFER_ALIGNMENT 64

// Returns a 64-byte aligned block (never NULL for size 0 so the caller can
// tell success from failure), or NULL when memory cannot grow.
SPARROW_WASM_EXPORT("sparrow_wasm_malloc")
void *sparrow_wasm_malloc(size_t size) {
  size_t rounded = (size + WASM_BUFFER_ALIGNMENT - 1) / WASM_BUFFER_ALIGNMENT *
                   WASM_BUFFER_ALIGNMENT;
  if (rounded < size)
    return 0;
  return aligned_alloc(WASM_BUFFER_ALIGNMENT,
                       rounded ? rounded : WASM_BUFFER_ALIGNMENT);
}

SPARROW_WASM_EXPORT("sparrow_wasm_free")
void sparrow_wasm_free(void *ptr) { free(ptr); }

SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_size")
size_t sparrow_wasm_tensor_info_size(void) {
  return sizeof(sparrow_tensor_info);
}

SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_name")
const char *sparrow_wasm_tensor_info_name(const sparrow_tensor_info *info) {
  return info->name;
}

SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_dtype")
int32_t sparrow_wasm_tensor_info_dtype(const sparrow_tensor_info *info) {
  return info->dtype;
}

SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_rank")
int32_t sparrow_wasm_tensor_info_rank(const sparrow_tensor_info *info) {
  return info->rank;
}

// Dimensions come back as doubles: exact for any size that fits in wasm32
// memory, and plain numbers in JS rather than BigInts.
SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_dim")
double sparrow_wasm_tensor_info_dim(const sparrow_tensor_info *info,
                                    int32_t axis) {
  if (axis < 0 || axis >= info->rank)
    return -1;
  return (double)info->shape[axis];
}

SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_num_elements")
size_t sparrow_wasm_tensor_info_num_elements(const sparrow_tensor_info *info) {
  return info->num_elements;
}

SPARROW_WASM_EXPORT("sparrow_wasm_tensor_info_byte_size")
size_t sparrow_wasm_tensor_info_byte_size(const sparrow_tensor_info *info) {
  return info->byte_size;
}
