//===- sparrow-runner.c - Runs a compiled model and times it --------------===//
//
// The tool sparrow-run executes for .so models (under qemu-aarch64 for
// AArch64). Prints one JSON object on stdout; run-wasm.mjs and ort-run.mjs
// print the same for wasm models and for onnxruntime. See docs/Runtime.md.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "npy.h"
#include "runner.h"
#include "sparrow/runtime.h"
#include "splitmix64.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

void die(const char *fmt, ...) {
  char msg[1024];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof(msg), fmt, ap);
  va_end(ap);
  for (char *p = msg; *p; ++p) // keep the promise of one line
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  fprintf(stderr, "sparrow-runner: error: %s\n", msg);
  exit(1);
}

static void *xaligned(size_t bytes) {
  size_t rounded = (bytes + 63) / 64 * 64;
  void *p = aligned_alloc(64, rounded ? rounded : 64);
  if (!p)
    die("out of memory allocating %zu bytes", bytes);
  return p;
}

static void formatShape(char *buf, size_t cap, int rank, const int64_t *shape) {
  size_t len = (size_t)snprintf(buf, cap, "(");
  for (int d = 0; d < rank && len < cap; ++d)
    len += (size_t)snprintf(buf + len, cap - len, "%s%lld", d ? ", " : "",
                            (long long)shape[d]);
  if (len < cap)
    snprintf(buf + len, cap - len, rank == 1 ? ",)" : ")");
}

// Reads the .npy given for input `info` into `buffer`, checking type and shape.
static void readInput(const input_file *in, const sparrow_tensor_info *info,
                      void *buffer) {
  npy_array arr;
  char err[512], want[512], got[512];
  if (npy_read(in->file, &arr, err, sizeof(err)))
    die("%s (input '%s'): %s", in->file, in->name, err);
  const char *descr = npy_descr_for_dtype(info->dtype);
  if (!descr || strcmp(descr, arr.descr))
    die("%s (input '%s'): dtype '%s' does not match the input's %s ('%s')",
        in->file, in->name, arr.descr, sparrow_dtype_name(info->dtype),
        descr ? descr : "?");
  int same = arr.rank == info->rank;
  for (int d = 0; same && d < arr.rank; ++d)
    same = arr.shape[d] == info->shape[d];
  if (!same) {
    formatShape(got, sizeof(got), arr.rank, arr.shape);
    formatShape(want, sizeof(want), info->rank, info->shape);
    die("%s (input '%s'): shape %s does not match the input's shape %s",
        in->file, in->name, got, want);
  }
  memcpy(buffer, arr.data, info->byte_size);
  npy_free(&arr);
}

// Missing inputs: one generator for all of them, drawn from in input order.
// float32 draws one number per element; other types are zero and draw none.
static void fillInput(const sparrow_tensor_info *info, void *buffer,
                      uint64_t *rng) {
  memset(buffer, 0, info->byte_size);
  if (info->dtype != SPARROW_DTYPE_FLOAT32)
    return;
  float *f = buffer;
  for (size_t i = 0; i < info->num_elements; ++i)
    f[i] = splitmix64_next_float(rng);
}

static void sanitize(char *s) {
  for (; *s; ++s) {
    char c = *s;
    int ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
             (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok)
      *s = '_';
  }
}

static void makeDirs(const char *dir) {
  char *path = strdup(dir);
  for (char *p = path + 1;; ++p) {
    if (*p && *p != '/')
      continue;
    char saved = *p;
    *p = '\0';
    if (mkdir(path, 0777) && errno != EEXIST)
      die("cannot create output directory '%s': %s", path, strerror(errno));
    *p = saved;
    if (!saved)
      break;
  }
  struct stat st;
  if (stat(dir, &st) || !S_ISDIR(st.st_mode))
    die("output directory '%s' is not a directory", dir);
  free(path);
}

static double nowMs(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

// Maps each --input to its model input; unknown names are errors.
static const input_file **matchInputs(const options *o, sparrow_model *model) {
  size_t numIn = sparrow_model_num_inputs(model);
  const input_file **given = calloc(numIn + 1, sizeof(*given));
  if (!given)
    die("out of memory");
  for (size_t k = 0; k < o->numInputs; ++k) {
    size_t index;
    if (!sparrow_model_find_input(model, o->inputs[k].name, &index)) {
      given[index] = &o->inputs[k];
      continue;
    }
    char names[512] = "";
    for (size_t i = 0; i < numIn; ++i) {
      sparrow_tensor_info info;
      sparrow_model_input_info(model, i, &info);
      size_t len = strlen(names);
      snprintf(names + len, sizeof(names) - len, "%s'%s'", i ? ", " : "",
               info.name);
    }
    die("%s: unknown input '%s' in --input (model inputs: %s)", o->model,
        o->inputs[k].name, numIn ? names : "none");
  }
  return given;
}

// DIR/<sanitised output name>.npy, checked for collisions between outputs.
static char *outputFile(const char *dir, const sparrow_tensor_info *outs,
                        size_t i, char *const *earlier) {
  if (!npy_descr_for_dtype(outs[i].dtype))
    die("output '%s' has dtype %s, which .npy output does not support",
        outs[i].name, sparrow_dtype_name(outs[i].dtype));
  size_t dirLen = strlen(dir);
  int slash = dir[dirLen - 1] != '/';
  char *file = malloc(dirLen + strlen(outs[i].name) + 6);
  if (!file)
    die("out of memory");
  sprintf(file, "%s%s", dir, slash ? "/" : "");
  char *base = file + dirLen + slash;
  sprintf(base, "%s.npy", outs[i].name);
  sanitize(base);
  for (size_t j = 0; j < i; ++j)
    if (!strcmp(file, earlier[j]))
      die("outputs '%s' and '%s' would both be written to '%s'", outs[j].name,
          outs[i].name, file);
  return file;
}

int main(int argc, char **argv) {
  options o;
  parse_options(argc, argv, &o);

  sparrow_model *model;
  if (sparrow_model_load(o.model, &model) != SPARROW_OK)
    die("%s", sparrow_last_error());
  size_t numIn = sparrow_model_num_inputs(model);
  size_t numOut = sparrow_model_num_outputs(model);
  sparrow_tensor_info *ins = calloc(numIn + 1, sizeof(*ins));
  sparrow_tensor_info *outs = calloc(numOut + 1, sizeof(*outs));
  void **inBufs = calloc(numIn + 1, sizeof(void *));
  void **outBufs = calloc(numOut + 1, sizeof(void *));
  char **files = calloc(numOut + 1, sizeof(char *));
  double *times = calloc((size_t)o.runs, sizeof(double));
  if (!ins || !outs || !inBufs || !outBufs || !files || !times)
    die("out of memory");

  const input_file **given = matchInputs(&o, model);
  uint64_t rng = o.seed;
  for (size_t i = 0; i < numIn; ++i) {
    sparrow_model_input_info(model, i, &ins[i]);
    inBufs[i] = xaligned(ins[i].byte_size);
    if (given[i])
      readInput(given[i], &ins[i], inBufs[i]);
    else
      fillInput(&ins[i], inBufs[i], &rng);
  }
  for (size_t i = 0; i < numOut; ++i) {
    sparrow_model_output_info(model, i, &outs[i]);
    outBufs[i] = xaligned(outs[i].byte_size);
    if (o.outputDir)
      files[i] = outputFile(o.outputDir, outs, i, files);
  }
  if (o.outputDir)
    makeDirs(o.outputDir);

  if (sparrow_model_set_num_threads(model, o.threads))
    die("%s", sparrow_last_error());
  for (long r = 0; r < o.warmup + o.runs; ++r) {
    double start = nowMs();
    if (sparrow_model_run(model, (const void *const *)inBufs, outBufs))
      die("%s", sparrow_last_error());
    if (r >= o.warmup)
      times[r - o.warmup] = nowMs() - start;
  }

  for (size_t i = 0; i < numOut && o.outputDir; ++i) {
    char err[512];
    if (npy_write(files[i], npy_descr_for_dtype(outs[i].dtype), outs[i].rank,
                  outs[i].shape, outBufs[i], outs[i].byte_size, err,
                  sizeof(err)))
      die("%s (output '%s'): %s", files[i], outs[i].name, err);
  }
  print_report(o.runs, times, numOut, outs, (const char *const *)files);
  sparrow_model_free(model);
  return 0;
}
