//===- error.h - Last-error message of the runtime ----------------*- C -*-===//
//
// Failures record a one-line message (at most SPARROW_ERROR_CAP - 1 bytes)
// built from string pieces. The pieces are plain strings rather than a format
// so the wasm32 build needs no printf from libc.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_ERROR_H
#define SPARROW_RUNTIME_ERROR_H

#include "sparrow/runtime.h"

#include <stdint.h>

#define SPARROW_ERROR_CAP 512

// Records the concatenation of the NULL-terminated list of strings as the
// last error and returns `status`. Newlines become spaces.
sparrow_status sparrow_fail(sparrow_status status, ...);

// sparrow_fail with the terminating NULL supplied.
#define SPARROW_FAIL(status, ...)                                              \
  sparrow_fail((status), __VA_ARGS__, (const char *)0)

// Decimal text of `value` in `buf` (at least 24 bytes); returns `buf`.
const char *sparrow_fmt_u64(char *buf, uint64_t value);
const char *sparrow_fmt_i64(char *buf, int64_t value);

#endif // SPARROW_RUNTIME_ERROR_H
