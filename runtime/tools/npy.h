//===- npy.h - Reading and writing NumPy .npy files ---------------*- C -*-===//
//
// Version 1.0 files are written; 1.0, 2.0 and 3.0 are read. Only C-order
// little-endian arrays of the element types in npy.c are supported.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNNER_NPY_H
#define SPARROW_RUNNER_NPY_H

#include <stddef.h>
#include <stdint.h>

#define NPY_MAX_RANK 32

typedef struct npy_array {
  char descr[8]; // NumPy dtype string such as "<f4"
  int rank;
  int64_t shape[NPY_MAX_RANK];
  void *data; // 64-byte aligned, free with npy_free
  size_t byte_size;
} npy_array;

// The NumPy descr for an ONNX dtype code, or NULL if .npy I/O of that type is
// unsupported.
const char *npy_descr_for_dtype(int32_t dtype);

// Reads `path` into `out`. On failure returns nonzero and writes a message
// (without the path) into `err`.
int npy_read(const char *path, npy_array *out, char *err, size_t errCap);

// Writes a C-order array. The file appears complete or not at all: data goes
// to a temporary name that is renamed at the end.
int npy_write(const char *path, const char *descr, int rank,
              const int64_t *shape, const void *data, size_t byteSize,
              char *err, size_t errCap);

void npy_free(npy_array *array);

#endif // SPARROW_RUNNER_NPY_H
