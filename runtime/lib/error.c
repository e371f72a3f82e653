//===- error.c - Last-error message of the runtime ------------------------===//

#include "error.h"
#include "export.h"

#include <stdarg.h>
#include <string.h>

// The wasm32 module is single-threaded; elsewhere each thread sees its own
// last error so concurrent users of distinct models do not clobber it.
#ifdef __wasm__
#define SPARROW_THREAD_LOCAL
#else
#define SPARROW_THREAD_LOCAL _Thread_local
#endif

static SPARROW_THREAD_LOCAL char LastError[SPARROW_ERROR_CAP];

SPARROW_WASM_EXPORT("sparrow_last_error")
const char *sparrow_last_error(void) { return LastError; }

sparrow_status sparrow_fail(sparrow_status status, ...) {
  char buf[SPARROW_ERROR_CAP];
  size_t len = 0;
  va_list ap;
  va_start(ap, status);
  for (const char *piece; (piece = va_arg(ap, const char *));) {
    for (; *piece && len + 1 < sizeof(buf); ++piece)
      buf[len++] = (*piece == '\n' || *piece == '\r') ? ' ' : *piece;
  }
  va_end(ap);
  // Trailing blanks come from messages such as dlerror()'s ending in '\n'.
  while (len && buf[len - 1] == ' ')
    --len;
  buf[len] = '\0';
  memcpy(LastError, buf, len + 1);
  return status;
}

const char *sparrow_fmt_u64(char *buf, uint64_t value) {
  char tmp[24];
  size_t n = 0;
  do {
    tmp[n++] = (char)('0' + value % 10);
    value /= 10;
  } while (value);
  for (size_t i = 0; i < n; ++i)
    buf[i] = tmp[n - 1 - i];
  buf[n] = '\0';
  return buf;
}

const char *sparrow_fmt_i64(char *buf, int64_t value) {
  if (value >= 0)
    return sparrow_fmt_u64(buf, (uint64_t)value);
  buf[0] = '-';
  // Negate in unsigned arithmetic so INT64_MIN does not overflow.
  sparrow_fmt_u64(buf + 1, 0 - (uint64_t)value);
  return buf;
}

SPARROW_WASM_EXPORT("sparrow_status_string")
const char *sparrow_status_string(sparrow_status status) {
  switch (status) {
  case SPARROW_OK:
    return "ok";
  case SPARROW_ERR_IO:
    return "I/O error";
  case SPARROW_ERR_INVALID_MODEL:
    return "invalid model";
  case SPARROW_ERR_INVALID_ARGUMENT:
    return "invalid argument";
  case SPARROW_ERR_OUT_OF_MEMORY:
    return "out of memory";
  case SPARROW_ERR_RUN_FAILED:
    return "run failed";
  }
  return "unknown status";
}
