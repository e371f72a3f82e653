/*===- sparrow/runtime.h - Sparrow runtime C API --------------------------===*\
|*                                                                            *|
|* Loads a model compiled by sparrow-compile, describes its inputs and        *|
|* outputs, and runs it. C11, no dependency beyond libc (and libdl and        *|
|* pthreads on the .so targets). See docs/Runtime.md.                         *|
|*                                                                            *|
|* Every function that can fail returns a sparrow_status and, on failure,     *|
|* records a one-line message readable with sparrow_last_error(). Bad input   *|
|* (NULL pointers, out-of-range indices, unreadable files, foreign or         *|
|* incompatible .so files) is reported, never aborted on.                     *|
|*                                                                            *|
|* A model is not safe to run from two threads at once (one activation arena  *|
|* per model); distinct models are independent.                               *|
\*===----------------------------------------------------------------------===*/

#ifndef SPARROW_RUNTIME_H
#define SPARROW_RUNTIME_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The compiled-model ABI version this runtime implements (docs/ModelABI.md). */
#define SPARROW_ABI_VERSION 2

typedef enum sparrow_status {
  SPARROW_OK = 0,
  /* A file could not be opened or read. */
  SPARROW_ERR_IO = 1,
  /* Not a Sparrow model: missing symbols, wrong ABI version, malformed
     description, or a shared object that cannot be loaded. */
  SPARROW_ERR_INVALID_MODEL = 2,
  /* NULL pointer, index out of range, unknown name, misaligned buffer. */
  SPARROW_ERR_INVALID_ARGUMENT = 3,
  SPARROW_ERR_OUT_OF_MEMORY = 4,
  /* The compiled code reported a failure. */
  SPARROW_ERR_RUN_FAILED = 5,
} sparrow_status;

/* Element types use ONNX TensorProto.DataType codes. */
enum {
  SPARROW_DTYPE_FLOAT32 = 1,
  SPARROW_DTYPE_UINT8 = 2,
  SPARROW_DTYPE_INT8 = 3,
  SPARROW_DTYPE_UINT16 = 4,
  SPARROW_DTYPE_INT16 = 5,
  SPARROW_DTYPE_INT32 = 6,
  SPARROW_DTYPE_INT64 = 7,
  SPARROW_DTYPE_BOOL = 9,
  SPARROW_DTYPE_FLOAT16 = 10,
  SPARROW_DTYPE_FLOAT64 = 11,
  SPARROW_DTYPE_UINT32 = 12,
  SPARROW_DTYPE_UINT64 = 13,
  SPARROW_DTYPE_BFLOAT16 = 16,
};

/* Input and output buffers passed to sparrow_model_run must be aligned to
   this many bytes. */
#define SPARROW_BUFFER_ALIGNMENT 16

typedef struct sparrow_model sparrow_model;

/* Describes one input or output. The pointers stay valid until the model is
   freed. */
typedef struct sparrow_tensor_info {
  const char *name;     /* ONNX value name */
  int32_t dtype;        /* SPARROW_DTYPE_* */
  int32_t rank;         /* number of dimensions; 0 for a scalar */
  const int64_t *shape; /* rank entries; dense row-major layout */
  size_t num_elements;  /* product of the shape (1 for a scalar) */
  size_t byte_size;     /* num_elements * element size */
} sparrow_tensor_info;

/* The message of the last failure on the calling thread: one line naming what
   failed and where. Successful calls leave it unchanged; "" before any
   failure. */
const char *sparrow_last_error(void);

/* A short fixed name for a status code, e.g. "invalid argument". */
const char *sparrow_status_string(sparrow_status status);

/* "float32", "int64", ... or "unknown" for codes the runtime does not know. */
const char *sparrow_dtype_name(int32_t dtype);

/* Size in bytes of one element, or 0 for unknown codes. */
size_t sparrow_dtype_size(int32_t dtype);

/* Loads the model at `path` (a .so from sparrow-compile) and allocates its
   activation arena. On success stores the model in *out; on failure stores
   NULL. In the wasm32 build the model is linked into the module and `path`
   is ignored (it may be NULL). */
sparrow_status sparrow_model_load(const char *path, sparrow_model **out);

/* Releases the model and its arena. NULL is allowed. */
void sparrow_model_free(sparrow_model *model);

/* 0 for a NULL model. */
size_t sparrow_model_num_inputs(const sparrow_model *model);
size_t sparrow_model_num_outputs(const sparrow_model *model);

sparrow_status sparrow_model_input_info(const sparrow_model *model,
                                        size_t index, sparrow_tensor_info *out);
sparrow_status sparrow_model_output_info(const sparrow_model *model,
                                         size_t index,
                                         sparrow_tensor_info *out);

/* Index of the input/output named `name`; SPARROW_ERR_INVALID_ARGUMENT if
   there is none. */
sparrow_status sparrow_model_find_input(const sparrow_model *model,
                                        const char *name, size_t *index);
sparrow_status sparrow_model_find_output(const sparrow_model *model,
                                         const char *name, size_t *index);

/* Runs the model once. inputs[i] and outputs[i] point to dense row-major
   buffers of byte_size bytes, in the order of the infos, aligned to
   SPARROW_BUFFER_ALIGNMENT. Inputs are only read. */
sparrow_status sparrow_model_run(sparrow_model *model,
                                 const void *const *inputs,
                                 void *const *outputs);

/* Runs use `n` threads (1 <= n <= SPARROW_MAX_THREADS): the calling thread
   and n - 1 pool threads the model owns, which sleep between runs. Models
   load with 1. The wasm32 build runs single-threaded: it accepts any valid n
   and uses 1. n out of range is SPARROW_ERR_INVALID_ARGUMENT; threads that
   cannot be started, SPARROW_ERR_OUT_OF_MEMORY (the model keeps its previous
   count). */
sparrow_status sparrow_model_set_num_threads(sparrow_model *model, int n);

#define SPARROW_MAX_THREADS 256

/* The number of threads runs will use; 0 for a NULL model. */
int sparrow_model_get_num_threads(const sparrow_model *model);

#ifdef __cplusplus
}
#endif

#endif /* SPARROW_RUNTIME_H */
