//===- fake_model.c - A hand-written compiled model for runtime tests -----===//
//
// Implements docs/ModelABI.md the way sparrow-compile's output does, written
// from the document rather than from the runtime's headers so the two are
// checked against each other:
//
//   sum        = a + b          (float32 3x4; goes through the arena)
//   double/sum:0 = 2 * (a + b)  (name exercises output-file sanitising)
//
// Variants, chosen with -D:
//   FAKE_ABI_VERSION=N  declares another ABI version (load must fail)
//   FAKE_WITH_INT64     adds an int64 input "bias" [4] added to every row
//   FAKE_RUN_FAILS      sparrow_compiled_run returns 7
//
//===----------------------------------------------------------------------===//

#include <stddef.h>
#include <stdint.h>

#ifndef FAKE_ABI_VERSION
#define FAKE_ABI_VERSION 2
#endif

#define EXPORT __attribute__((visibility("default")))

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

typedef void (*sparrow_abi_task)(void *ctx, int64_t begin, int64_t end);

typedef struct sparrow_abi_dispatch {
  void (*parallel_for)(void *pool, sparrow_abi_task task, void *ctx, int64_t n);
  void *pool;
} sparrow_abi_dispatch;

enum { ROWS = 3, COLS = 4, N = ROWS * COLS, ARENA_ALIGN = 64 };

static const int64_t Shape34[2] = {ROWS, COLS};
#ifdef FAKE_WITH_INT64
static const int64_t Shape4[1] = {COLS};
#endif

static const sparrow_abi_tensor Inputs[] = {
    {"a", 1, 2, Shape34},
    {"b", 1, 2, Shape34},
#ifdef FAKE_WITH_INT64
    {"bias", 7, 1, Shape4},
#endif
};

static const sparrow_abi_tensor Outputs[] = {
    {"sum", 1, 2, Shape34},
    {"double/sum:0", 1, 2, Shape34},
};

static const sparrow_abi_model Model = {
    FAKE_ABI_VERSION,
    sizeof(Inputs) / sizeof(Inputs[0]),
    sizeof(Outputs) / sizeof(Outputs[0]),
    ARENA_ALIGN,
    N * sizeof(float) + 100, // not a multiple of the alignment on purpose
    Inputs,
    Outputs,
};

EXPORT const sparrow_abi_model *sparrow_compiled_abi(void) { return &Model; }

// The doubling runs one row per iteration, through the dispatcher when the
// runtime passes one (more than one thread).
typedef struct TwiceRows {
  const float *tmp;
  float *twice;
} TwiceRows;

static void twiceRows(void *ctx, int64_t begin, int64_t end) {
  const TwiceRows *t = ctx;
  for (int64_t i = begin * COLS; i < end * COLS; ++i)
    t->twice[i] = 2 * t->tmp[i];
}

EXPORT int32_t sparrow_compiled_run(void *const *inputs, void *const *outputs,
                                    void *arena,
                                    const sparrow_abi_dispatch *dispatch) {
#ifdef FAKE_RUN_FAILS
  (void)inputs, (void)outputs, (void)arena, (void)dispatch;
  return 7;
#else
  // The runtime promised this alignment; a violation is a runtime bug.
  if (!arena || (uintptr_t)arena % ARENA_ALIGN)
    return 1;
  const float *a = inputs[0], *b = inputs[1];
  float *tmp = arena, *sum = outputs[0], *twice = outputs[1];
  for (int i = 0; i < N; ++i) {
    tmp[i] = a[i] + b[i];
#ifdef FAKE_WITH_INT64
    tmp[i] += (float)((const int64_t *)inputs[2])[i % COLS];
#endif
  }
  // Compiled models call libc's memcpy; make sure it resolves here too.
  __builtin_memcpy(sum, tmp, N * sizeof(float));
  TwiceRows rows = {tmp, twice};
  if (dispatch)
    dispatch->parallel_for(dispatch->pool, twiceRows, &rows, ROWS);
  else
    twiceRows(&rows, 0, ROWS);
  // Scribble over the tail so a too-small arena would be caught by ASan or
  // corrupt the heap visibly.
  __builtin_memset((char *)arena + N * sizeof(float), 0xAB, 100);
  return 0;
#endif
}
