//===- npy.c - Reading and writing NumPy .npy files -----------------------===//
//
// Format: "\x93NUMPY", major, minor, header length (2 bytes LE in v1, 4 in
// v2/v3), an ASCII Python dict literal padded with spaces and '\n', then the
// raw data.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "npy.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct npy_type {
  int32_t dtype;
  const char *descr;
  size_t size;
} npy_type;

// ONNX codes and the descr NumPy writes for them.
static const npy_type Types[] = {
    {1, "<f4", 4}, {2, "|u1", 1}, {3, "|i1", 1},  {6, "<i4", 4},
    {7, "<i8", 8}, {9, "|b1", 1}, {10, "<f2", 2}, {11, "<f8", 8},
};

static const npy_type *typeForDescr(const char *descr) {
  for (size_t i = 0; i < sizeof(Types) / sizeof(Types[0]); ++i)
    if (!strcmp(Types[i].descr, descr))
      return &Types[i];
  return NULL;
}

const char *npy_descr_for_dtype(int32_t dtype) {
  for (size_t i = 0; i < sizeof(Types) / sizeof(Types[0]); ++i)
    if (Types[i].dtype == dtype)
      return Types[i].descr;
  return NULL;
}

static int fail(char *err, size_t cap, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(err, cap, fmt, ap);
  va_end(ap);
  return 1;
}

static const char *skipSpaces(const char *p) {
  while (*p == ' ')
    ++p;
  return p;
}

// Points just past "'key':" in the header dict, or NULL.
static const char *findKey(const char *header, const char *key) {
  char quoted[32];
  for (int q = 0; q < 2; ++q) {
    snprintf(quoted, sizeof(quoted), q ? "\"%s\"" : "'%s'", key);
    const char *p = strstr(header, quoted);
    if (!p)
      continue;
    p = skipSpaces(p + strlen(quoted));
    if (*p == ':')
      return skipSpaces(p + 1);
  }
  return NULL;
}

static int parseHeader(const char *header, npy_array *out, char *err,
                       size_t cap) {
  const char *p = findKey(header, "descr");
  if (!p || (*p != '\'' && *p != '"'))
    return fail(err, cap, "header has no 'descr'");
  char quote = *p++;
  size_t n = 0;
  while (p[n] && p[n] != quote)
    ++n;
  if (!p[n] || n >= sizeof(out->descr))
    return fail(err, cap, "header has a malformed 'descr'");
  memcpy(out->descr, p, n);
  out->descr[n] = '\0';

  p = findKey(header, "fortran_order");
  if (!p)
    return fail(err, cap, "header has no 'fortran_order'");
  if (!strncmp(p, "True", 4))
    return fail(err, cap,
                "Fortran-order arrays are not supported "
                "(save a C-contiguous array)");
  if (strncmp(p, "False", 5))
    return fail(err, cap, "header has a malformed 'fortran_order'");

  p = findKey(header, "shape");
  if (!p || *p != '(')
    return fail(err, cap, "header has no 'shape' tuple");
  p = skipSpaces(p + 1);
  out->rank = 0;
  while (*p != ')') {
    if (*p < '0' || *p > '9')
      return fail(err, cap, "header has a malformed 'shape'");
    if (out->rank == NPY_MAX_RANK)
      return fail(err, cap, "rank above %d is not supported", NPY_MAX_RANK);
    errno = 0;
    char *end;
    long long dim = strtoll(p, &end, 10);
    if (errno || dim < 0)
      return fail(err, cap, "header has a malformed 'shape'");
    out->shape[out->rank++] = dim;
    p = end;
    if (*p == 'L') // Python 2 long literals
      ++p;
    p = skipSpaces(p);
    if (*p == ',')
      p = skipSpaces(p + 1);
    else if (*p != ')')
      return fail(err, cap, "header has a malformed 'shape'");
  }
  return 0;
}

static int readAll(FILE *f, void *buf, size_t size) {
  return fread(buf, 1, size, f) == size;
}

static int readFile(FILE *f, npy_array *out, char *err, size_t cap) {
  unsigned char pre[10];
  if (!readAll(f, pre, 8) || memcmp(pre, "\x93NUMPY", 6))
    return fail(err, cap, "not a .npy file (bad magic)");
  unsigned major = pre[6];
  size_t headerLen;
  if (major == 1) {
    if (!readAll(f, pre + 8, 2))
      return fail(err, cap, "truncated header");
    headerLen = pre[8] | (size_t)pre[9] << 8;
  } else if (major == 2 || major == 3) {
    unsigned char len[4];
    if (!readAll(f, len, 4))
      return fail(err, cap, "truncated header");
    headerLen = len[0] | (size_t)len[1] << 8 | (size_t)len[2] << 16 |
                (size_t)len[3] << 24;
    if (headerLen > (1u << 20))
      return fail(err, cap, "header is implausibly large");
  } else {
    return fail(err, cap, "unsupported .npy version %u.%u", major, pre[7]);
  }
  char *header = malloc(headerLen + 1);
  if (!header)
    return fail(err, cap, "out of memory");
  int bad = !readAll(f, header, headerLen);
  header[headerLen] = '\0';
  bad = bad ? fail(err, cap, "truncated header")
            : parseHeader(header, out, err, cap);
  free(header);
  if (bad)
    return 1;

  const npy_type *type = typeForDescr(out->descr);
  if (!type)
    return fail(err, cap, "dtype '%s' is not supported", out->descr);
  size_t count = 1;
  for (int d = 0; d < out->rank; ++d) {
    if (out->shape[d] &&
        (uint64_t)out->shape[d] > SIZE_MAX / type->size / count)
      return fail(err, cap, "array is too large");
    count *= (size_t)out->shape[d];
  }
  out->byte_size = count * type->size;
  size_t alloc = (out->byte_size + 63) / 64 * 64;
  out->data = aligned_alloc(64, alloc ? alloc : 64);
  if (!out->data)
    return fail(err, cap, "out of memory");
  if (!readAll(f, out->data, out->byte_size))
    return fail(err, cap, "file is truncated: expected %zu data bytes",
                out->byte_size);
  if (fgetc(f) != EOF)
    return fail(err, cap, "file has bytes after the %zu data bytes",
                out->byte_size);
  return 0;
}

int npy_read(const char *path, npy_array *out, char *err, size_t cap) {
  memset(out, 0, sizeof(*out));
  FILE *f = fopen(path, "rb");
  if (!f)
    return fail(err, cap, "cannot open: %s", strerror(errno));
  int bad = readFile(f, out, err, cap);
  fclose(f);
  if (bad)
    npy_free(out);
  return bad;
}

void npy_free(npy_array *array) {
  free(array->data);
  array->data = NULL;
}

int npy_write(const char *path, const char *descr, int rank,
              const int64_t *shape, const void *data, size_t byteSize,
              char *err, size_t cap) {
  // Bounded rank keeps the header within `dict`.
  if (rank < 0 || rank > NPY_MAX_RANK)
    return fail(err, cap, "rank %d is not supported", rank);
  char dict[128 + 24 * NPY_MAX_RANK];
  int len =
      snprintf(dict, sizeof(dict),
               "{'descr': '%s', 'fortran_order': False, 'shape': (", descr);
  for (int d = 0; d < rank; ++d)
    len += snprintf(dict + len, sizeof(dict) - len, "%lld,%s",
                    (long long)shape[d], d + 1 < rank ? " " : "");
  // Python writes (3, 4) but (4,) for rank 1; drop the comma otherwise.
  if (rank > 1)
    --len;
  len += snprintf(dict + len, sizeof(dict) - len, "), }");
  // Pad so the data starts on a 64-byte boundary, ending the header in '\n'.
  size_t total = (10 + (size_t)len + 1 + 63) / 64 * 64;
  size_t headerLen = total - 10;
  unsigned char pre[10] = {0x93,
                           'N',
                           'U',
                           'M',
                           'P',
                           'Y',
                           1,
                           0,
                           (unsigned char)(headerLen & 0xff),
                           (unsigned char)(headerLen >> 8)};
  memset(dict + len, ' ', headerLen - len - 1);
  dict[headerLen - 1] = '\n';

  size_t pathLen = strlen(path);
  char *tmp = malloc(pathLen + sizeof(".partial"));
  if (!tmp)
    return fail(err, cap, "out of memory");
  memcpy(tmp, path, pathLen);
  memcpy(tmp + pathLen, ".partial", sizeof(".partial"));
  FILE *f = fopen(tmp, "wb");
  if (!f) {
    fail(err, cap, "cannot create: %s", strerror(errno));
    free(tmp);
    return 1;
  }
  int ok = fwrite(pre, 1, 10, f) == 10 &&
           fwrite(dict, 1, headerLen, f) == headerLen &&
           fwrite(data, 1, byteSize, f) == byteSize;
  int saved = errno;
  ok = (fclose(f) == 0) && ok;
  if (ok && rename(tmp, path)) {
    saved = errno;
    ok = 0;
  }
  if (!ok) {
    remove(tmp);
    fail(err, cap, "cannot write: %s", strerror(saved));
  }
  free(tmp);
  return !ok;
}
