//===- runtime.c - The Sparrow runtime C API ------------------------------===//
//
// Loading validates the model's self-description once so that every later
// query and run can trust it; a malformed model is reported at load, not as
// a crash inside a run.
//
//===----------------------------------------------------------------------===//

#include "sparrow/runtime.h"
#include "error.h"
#include "export.h"
#include "model_source.h"
#ifdef SPARROW_STATIC_MODEL
#include "wasm_pool.h"
#else
#include "thread_pool.h"
#endif

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

struct sparrow_model {
  sparrow_model_source source;
  const sparrow_abi_model *abi;
  sparrow_tensor_info *infos; // inputs, then outputs
  size_t numInputs;
  size_t numOutputs;
  void *arena;
  int numThreads;
#ifdef SPARROW_STATIC_MODEL
  sparrow_wasm_pool *pool; // attached by the loader; not owned
#else
  sparrow_pool *pool; // NULL with one thread
#endif
  sparrow_abi_dispatch dispatch;
};

// Guards against a model compiled with a larger arena alignment than any
// allocator can honour (and against garbage in the field).
#define MAX_ARENA_ALIGNMENT 4096u

// Fills `info` from the ABI description, rejecting anything the runtime could
// not describe or allocate.
static sparrow_status describeTensor(const sparrow_abi_tensor *t,
                                     const char *kind, size_t index,
                                     sparrow_tensor_info *info) {
  char num[24], num2[24];
  const char *where = "sparrow_model_load: invalid model: ";
  if (!t->name)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, where, kind, " ",
                        sparrow_fmt_u64(num, index), " has no name");
  size_t elemSize = sparrow_dtype_size(t->dtype);
  if (!elemSize)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, where, kind, " '", t->name,
                        "' has unknown dtype ", sparrow_fmt_i64(num, t->dtype));
  if (t->rank < 0 || (t->rank > 0 && !t->shape))
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, where, kind, " '", t->name,
                        "' has a bad rank or no shape");
  size_t count = 1;
  for (int32_t d = 0; d < t->rank; ++d) {
    int64_t dim = t->shape[d];
    if (dim < 0)
      return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, where, kind, " '", t->name,
                          "' has negative dimension ",
                          sparrow_fmt_i64(num, dim), " at axis ",
                          sparrow_fmt_i64(num2, d));
    if (dim && (uint64_t)dim > SIZE_MAX / elemSize / count)
      return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL, where, kind, " '", t->name,
                          "' is too large for this target");
    count *= (size_t)dim;
  }
  info->name = t->name;
  info->dtype = t->dtype;
  info->rank = t->rank;
  info->shape = t->shape;
  info->num_elements = count;
  info->byte_size = count * elemSize;
  return SPARROW_OK;
}

static sparrow_status allocateArena(sparrow_model *m) {
  const sparrow_abi_model *abi = m->abi;
  char num[24];
  uint32_t align = abi->arena_alignment;
  if (!align || (align & (align - 1)) || align > MAX_ARENA_ALIGNMENT)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL,
                        "sparrow_model_load: invalid model: arena alignment ",
                        sparrow_fmt_u64(num, align),
                        " is not a power of two up to 4096");
  if (!abi->arena_bytes)
    return SPARROW_OK;
  if (align < sizeof(void *) * 2)
    align = sizeof(void *) * 2;
  // aligned_alloc wants a multiple of the alignment.
  uint64_t bytes = (abi->arena_bytes + align - 1) / align * align;
  if (bytes < abi->arena_bytes || bytes > SIZE_MAX)
    return SPARROW_FAIL(SPARROW_ERR_OUT_OF_MEMORY,
                        "sparrow_model_load: arena of ",
                        sparrow_fmt_u64(num, abi->arena_bytes),
                        " bytes does not fit in memory");
  m->arena = aligned_alloc(align, (size_t)bytes);
  if (!m->arena)
    return SPARROW_FAIL(SPARROW_ERR_OUT_OF_MEMORY,
                        "sparrow_model_load: cannot allocate arena of ",
                        sparrow_fmt_u64(num, abi->arena_bytes), " bytes");
  return SPARROW_OK;
}

static sparrow_status describeModel(sparrow_model *m) {
  char num[24], num2[24];
  const sparrow_abi_model *abi = m->abi;
  if (!abi)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL,
                        "sparrow_model_load: invalid model: "
                        "sparrow_compiled_abi() returned NULL");
  if (abi->abi_version != SPARROW_ABI_VERSION)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL,
                        "sparrow_model_load: model ABI version ",
                        sparrow_fmt_u64(num, abi->abi_version),
                        " does not match the runtime's version ",
                        sparrow_fmt_u64(num2, SPARROW_ABI_VERSION));
  if ((abi->num_inputs && !abi->inputs) || (abi->num_outputs && !abi->outputs))
    return SPARROW_FAIL(SPARROW_ERR_INVALID_MODEL,
                        "sparrow_model_load: invalid model: missing input or "
                        "output descriptions");
  m->numInputs = abi->num_inputs;
  m->numOutputs = abi->num_outputs;
  size_t total = m->numInputs + m->numOutputs;
  if (total) {
    m->infos = calloc(total, sizeof(*m->infos));
    if (!m->infos)
      return SPARROW_FAIL(SPARROW_ERR_OUT_OF_MEMORY,
                          "sparrow_model_load: out of memory");
  }
  for (size_t i = 0; i < total; ++i) {
    int isInput = i < m->numInputs;
    const sparrow_abi_tensor *t =
        isInput ? &abi->inputs[i] : &abi->outputs[i - m->numInputs];
    sparrow_status s =
        describeTensor(t, isInput ? "input" : "output",
                       isInput ? i : i - m->numInputs, &m->infos[i]);
    if (s != SPARROW_OK)
      return s;
  }
  return allocateArena(m);
}

SPARROW_WASM_EXPORT("sparrow_model_load")
sparrow_status sparrow_model_load(const char *path, sparrow_model **out) {
  if (!out)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        "sparrow_model_load: the output pointer is NULL");
  *out = 0;
  sparrow_model *m = calloc(1, sizeof(*m));
  if (!m)
    return SPARROW_FAIL(SPARROW_ERR_OUT_OF_MEMORY,
                        "sparrow_model_load: out of memory");
  sparrow_status s = sparrow_source_open(path, &m->source);
  if (s != SPARROW_OK) {
    free(m);
    return s;
  }
  m->abi = m->source.abi();
  m->numThreads = 1;
  s = describeModel(m);
  if (s != SPARROW_OK) {
    sparrow_model_free(m);
    return s;
  }
  *out = m;
  return SPARROW_OK;
}

SPARROW_WASM_EXPORT("sparrow_model_free")
void sparrow_model_free(sparrow_model *model) {
  if (!model)
    return;
#ifndef SPARROW_STATIC_MODEL
  sparrow_pool_destroy(model->pool);
#endif
  free(model->arena);
  free(model->infos);
  sparrow_source_close(&model->source);
  free(model);
}

SPARROW_WASM_EXPORT("sparrow_model_num_inputs")
size_t sparrow_model_num_inputs(const sparrow_model *model) {
  return model ? model->numInputs : 0;
}

SPARROW_WASM_EXPORT("sparrow_model_num_outputs")
size_t sparrow_model_num_outputs(const sparrow_model *model) {
  return model ? model->numOutputs : 0;
}

static sparrow_status getInfo(const char *where, const sparrow_model *model,
                              int isInput, size_t index,
                              sparrow_tensor_info *out) {
  char num[24], num2[24];
  if (!model || !out)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT, where, ": the ",
                        model ? "output pointer" : "model", " is NULL");
  size_t count = isInput ? model->numInputs : model->numOutputs;
  if (index >= count)
    return SPARROW_FAIL(
        SPARROW_ERR_INVALID_ARGUMENT, where, ": ", isInput ? "input" : "output",
        " index ", sparrow_fmt_u64(num, index), " is out of range (",
        sparrow_fmt_u64(num2, count), isInput ? " inputs)" : " outputs)");
  *out = model->infos[isInput ? index : model->numInputs + index];
  return SPARROW_OK;
}

SPARROW_WASM_EXPORT("sparrow_model_input_info")
sparrow_status sparrow_model_input_info(const sparrow_model *model,
                                        size_t index,
                                        sparrow_tensor_info *out) {
  return getInfo("sparrow_model_input_info", model, 1, index, out);
}

SPARROW_WASM_EXPORT("sparrow_model_output_info")
sparrow_status sparrow_model_output_info(const sparrow_model *model,
                                         size_t index,
                                         sparrow_tensor_info *out) {
  return getInfo("sparrow_model_output_info", model, 0, index, out);
}

static sparrow_status findByName(const char *where, const sparrow_model *model,
                                 int isInput, const char *name, size_t *index) {
  if (!model || !name || !index)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT, where, ": the ",
                        !model  ? "model"
                        : !name ? "name"
                                : "index pointer",
                        " is NULL");
  size_t count = isInput ? model->numInputs : model->numOutputs;
  const sparrow_tensor_info *infos =
      model->infos + (isInput ? 0 : model->numInputs);
  for (size_t i = 0; i < count; ++i) {
    if (!strcmp(infos[i].name, name)) {
      *index = i;
      return SPARROW_OK;
    }
  }
  return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT, where,
                      ": the model has no ", isInput ? "input" : "output",
                      " named '", name, "'");
}

SPARROW_WASM_EXPORT("sparrow_model_find_input")
sparrow_status sparrow_model_find_input(const sparrow_model *model,
                                        const char *name, size_t *index) {
  return findByName("sparrow_model_find_input", model, 1, name, index);
}

SPARROW_WASM_EXPORT("sparrow_model_find_output")
sparrow_status sparrow_model_find_output(const sparrow_model *model,
                                         const char *name, size_t *index) {
  return findByName("sparrow_model_find_output", model, 0, name, index);
}

// Every buffer must exist (unless empty) and meet the ABI's alignment; the
// compiled code assumes both without checking.
static sparrow_status checkBuffers(const sparrow_model *model,
                                   const void *const *buffers, int isInput) {
  size_t count = isInput ? model->numInputs : model->numOutputs;
  const sparrow_tensor_info *infos =
      model->infos + (isInput ? 0 : model->numInputs);
  const char *kind = isInput ? "input" : "output";
  char num[24];
  if (count && !buffers)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT, "sparrow_model_run: the ",
                        kind, " array is NULL");
  for (size_t i = 0; i < count; ++i) {
    if (!buffers[i] && infos[i].byte_size)
      return SPARROW_FAIL(
          SPARROW_ERR_INVALID_ARGUMENT, "sparrow_model_run: ", kind, " ",
          sparrow_fmt_u64(num, i), " ('", infos[i].name, "') is NULL");
    if ((uintptr_t)buffers[i] % SPARROW_BUFFER_ALIGNMENT)
      return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                          "sparrow_model_run: ", kind, " ",
                          sparrow_fmt_u64(num, i), " ('", infos[i].name,
                          "') is not 16-byte aligned");
  }
  return SPARROW_OK;
}

SPARROW_WASM_EXPORT("sparrow_model_run")
sparrow_status sparrow_model_run(sparrow_model *model,
                                 const void *const *inputs,
                                 void *const *outputs) {
  if (!model)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        "sparrow_model_run: the model is NULL");
  sparrow_status s = checkBuffers(model, inputs, 1);
  if (s == SPARROW_OK)
    s = checkBuffers(model, (const void *const *)outputs, 0);
  if (s != SPARROW_OK)
    return s;
  // The ABI takes non-const input pointers only because C cannot express
  // the mixed constness; compiled code never writes its inputs.
  const sparrow_abi_dispatch *dispatch =
      model->dispatch.pool ? &model->dispatch : NULL;
  int32_t rc =
      model->source.run((void *const *)inputs, outputs, model->arena, dispatch);
  char num[24];
  if (rc != 0)
    return SPARROW_FAIL(SPARROW_ERR_RUN_FAILED,
                        "sparrow_model_run: the compiled model returned ",
                        sparrow_fmt_i64(num, rc));
  return SPARROW_OK;
}

SPARROW_WASM_EXPORT("sparrow_model_set_num_threads")
sparrow_status sparrow_model_set_num_threads(sparrow_model *model, int n) {
  char num[24], num2[24];
  if (!model)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        "sparrow_model_set_num_threads: the model is NULL");
  if (n < 1 || n > SPARROW_MAX_THREADS)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        "sparrow_model_set_num_threads: thread count ",
                        sparrow_fmt_i64(num, n), " is not in [1, ",
                        sparrow_fmt_i64(num2, SPARROW_MAX_THREADS), "]");
#ifdef SPARROW_STATIC_MODEL
  // Workers are started by the loader, which attaches them as a pool: the
  // count is the pool's (or 1) and only that or 1 can be asked for.
  int available = model->pool ? sparrow_wasm_pool_threads(model->pool) : 1;
  if (n != 1 && n != available)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        "sparrow_model_set_num_threads: the wasm32 module "
                        "has ",
                        sparrow_fmt_i64(num, available),
                        " thread(s); the loader starts them (load(source, "
                        "{ threads }))");
  model->numThreads = n;
  model->dispatch.parallel_for = sparrow_wasm_pool_parallel_for;
  model->dispatch.pool = n > 1 ? model->pool : NULL;
#else
  if (n == model->numThreads)
    return SPARROW_OK;
  sparrow_pool *pool = NULL;
  if (n > 1 && !(pool = sparrow_pool_create(n)))
    return SPARROW_FAIL(SPARROW_ERR_OUT_OF_MEMORY,
                        "sparrow_model_set_num_threads: could not start ",
                        sparrow_fmt_i64(num, n - 1), " threads");
  sparrow_pool_destroy(model->pool);
  model->pool = pool;
  model->dispatch.parallel_for = sparrow_pool_parallel_for;
  model->dispatch.pool = pool;
  model->numThreads = n;
#endif
  return SPARROW_OK;
}

#ifdef SPARROW_STATIC_MODEL
// The loader's workers, once each has started sparrow_wasm_pool_work; runs
// then use all of them. NULL detaches (runs use the calling thread only).
SPARROW_WASM_EXPORT("sparrow_wasm_model_attach_pool")
sparrow_status sparrow_wasm_model_attach_pool(sparrow_model *model,
                                              sparrow_wasm_pool *pool) {
  if (!model)
    return SPARROW_FAIL(SPARROW_ERR_INVALID_ARGUMENT,
                        "sparrow_wasm_model_attach_pool: the model is NULL");
  model->pool = pool;
  return sparrow_model_set_num_threads(
      model, pool ? sparrow_wasm_pool_threads(pool) : 1);
}
#endif

SPARROW_WASM_EXPORT("sparrow_model_get_num_threads")
int sparrow_model_get_num_threads(const sparrow_model *model) {
  return model ? model->numThreads : 0;
}
