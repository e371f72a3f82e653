//===- dtype.c - Names and sizes of element types -------------------------===//

#include "export.h"
#include "sparrow/runtime.h"

typedef struct dtype_entry {
  int32_t code;
  unsigned char size;
  const char *name;
} dtype_entry;

// ONNX TensorProto.DataType codes the compiler may emit. Strings, complex
// types and the 8-bit float formats have no place in a compiled model.
static const dtype_entry DTypes[] = {
    {SPARROW_DTYPE_FLOAT32, 4, "float32"},
    {SPARROW_DTYPE_UINT8, 1, "uint8"},
    {SPARROW_DTYPE_INT8, 1, "int8"},
    {SPARROW_DTYPE_UINT16, 2, "uint16"},
    {SPARROW_DTYPE_INT16, 2, "int16"},
    {SPARROW_DTYPE_INT32, 4, "int32"},
    {SPARROW_DTYPE_INT64, 8, "int64"},
    {SPARROW_DTYPE_BOOL, 1, "bool"},
    {SPARROW_DTYPE_FLOAT16, 2, "float16"},
    {SPARROW_DTYPE_FLOAT64, 8, "float64"},
    {SPARROW_DTYPE_UINT32, 4, "uint32"},
    {SPARROW_DTYPE_UINT64, 8, "uint64"},
    {SPARROW_DTYPE_BFLOAT16, 2, "bfloat16"},
};

static const dtype_entry *findDType(int32_t code) {
  for (size_t i = 0; i < sizeof(DTypes) / sizeof(DTypes[0]); ++i)
    if (DTypes[i].code == code)
      return &DTypes[i];
  return 0;
}

SPARROW_WASM_EXPORT("sparrow_dtype_name")
const char *sparrow_dtype_name(int32_t dtype) {
  const dtype_entry *e = findDType(dtype);
  return e ? e->name : "unknown";
}

SPARROW_WASM_EXPORT("sparrow_dtype_size")
size_t sparrow_dtype_size(int32_t dtype) {
  const dtype_entry *e = findDType(dtype);
  return e ? e->size : 0;
}
