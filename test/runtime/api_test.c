//===- api_test.c - Checks the runtime C API against the fake models ------===//
//
// Usage: api_test DIR, where DIR holds fake.so, fake_abi3.so, fake_fails.so
// and no_symbols.so built from this folder. Every misuse must come back as a
// status and a one-line message, never as a crash.
//
//===----------------------------------------------------------------------===//

#define _POSIX_C_SOURCE 200809L

#include "sparrow/runtime.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int Failures, Checks;

#define CHECK(cond)                                                            \
  do {                                                                         \
    ++Checks;                                                                  \
    if (!(cond)) {                                                             \
      ++Failures;                                                              \
      fprintf(stderr, "api_test.c:%d: FAIL: %s (last error: %s)\n", __LINE__,  \
              #cond, sparrow_last_error());                                    \
    }                                                                          \
  } while (0)

// The status is `want` and the message mentions `text` on one line.
#define CHECK_ERR(call, want, text)                                            \
  do {                                                                         \
    CHECK((call) == (want));                                                   \
    CHECK(strstr(sparrow_last_error(), (text)) != NULL);                       \
    CHECK(strchr(sparrow_last_error(), '\n') == NULL);                         \
  } while (0)

static char Dir[4096];

static const char *path(const char *file) {
  static char buf[8192];
  snprintf(buf, sizeof(buf), "%s/%s", Dir, file);
  return buf;
}

static void *failInThread(void *arg) {
  (void)arg;
  sparrow_model *m;
  sparrow_model_load(NULL, &m);
  return NULL;
}

static void testLoadErrors(void) {
  sparrow_model *m = (sparrow_model *)1;
  CHECK(sparrow_last_error()[0] == '\0');
  CHECK_ERR(sparrow_model_load(NULL, &m), SPARROW_ERR_INVALID_ARGUMENT, "NULL");
  CHECK(m == NULL);
  CHECK_ERR(sparrow_model_load(path("fake.so"), NULL),
            SPARROW_ERR_INVALID_ARGUMENT, "output pointer");
  CHECK_ERR(sparrow_model_load(path("missing.so"), &m), SPARROW_ERR_IO,
            "missing.so': No such file");
  CHECK_ERR(sparrow_model_load(Dir, &m), SPARROW_ERR_IO, "not a regular file");
  CHECK_ERR(sparrow_model_load(path("no_symbols.so"), &m),
            SPARROW_ERR_INVALID_MODEL, "no symbol 'sparrow_compiled_abi'");
  CHECK_ERR(sparrow_model_load(path("fake_abi3.so"), &m),
            SPARROW_ERR_INVALID_MODEL, "ABI version 3 does not match");
  CHECK_ERR(sparrow_model_load(path("fake_model.c"), &m),
            SPARROW_ERR_INVALID_MODEL, "no ELF header");
  CHECK(m == NULL);

  // Errors are per thread: one raised elsewhere leaves ours alone.
  pthread_t t;
  pthread_create(&t, NULL, failInThread, NULL);
  pthread_join(t, NULL);
  CHECK(strstr(sparrow_last_error(), "no ELF header") != NULL);
}

static void testQueries(sparrow_model *m) {
  sparrow_tensor_info info;
  size_t index = 99;
  CHECK(sparrow_model_num_inputs(m) == 2);
  CHECK(sparrow_model_num_outputs(m) == 2);
  CHECK(sparrow_model_num_inputs(NULL) == 0);
  CHECK(sparrow_model_input_info(m, 1, &info) == SPARROW_OK);
  CHECK(!strcmp(info.name, "b") && info.dtype == SPARROW_DTYPE_FLOAT32);
  CHECK(info.rank == 2 && info.shape[0] == 3 && info.shape[1] == 4);
  CHECK(info.num_elements == 12 && info.byte_size == 48);
  CHECK(sparrow_model_output_info(m, 1, &info) == SPARROW_OK);
  CHECK(!strcmp(info.name, "double/sum:0"));
  CHECK_ERR(sparrow_model_input_info(m, 2, &info), SPARROW_ERR_INVALID_ARGUMENT,
            "input index 2 is out of range (2");
  CHECK_ERR(sparrow_model_output_info(m, (size_t)-1, &info),
            SPARROW_ERR_INVALID_ARGUMENT, "out of range");
  CHECK_ERR(sparrow_model_input_info(NULL, 0, &info),
            SPARROW_ERR_INVALID_ARGUMENT, "model is NULL");
  CHECK_ERR(sparrow_model_input_info(m, 0, NULL), SPARROW_ERR_INVALID_ARGUMENT,
            "output pointer is NULL");

  CHECK(sparrow_model_find_input(m, "b", &index) == SPARROW_OK && index == 1);
  CHECK(sparrow_model_find_output(m, "double/sum:0", &index) == SPARROW_OK &&
        index == 1);
  CHECK_ERR(sparrow_model_find_input(m, "sum", &index),
            SPARROW_ERR_INVALID_ARGUMENT, "no input named 'sum'");
  CHECK_ERR(sparrow_model_find_output(m, NULL, &index),
            SPARROW_ERR_INVALID_ARGUMENT, "name is NULL");
  CHECK_ERR(sparrow_model_find_output(m, "sum", NULL),
            SPARROW_ERR_INVALID_ARGUMENT, "index pointer is NULL");

  CHECK(sparrow_model_get_num_threads(m) == 1);
  CHECK_ERR(sparrow_model_set_num_threads(m, 0), SPARROW_ERR_INVALID_ARGUMENT,
            "thread count 0 is not in [1, 256]");
  CHECK_ERR(sparrow_model_set_num_threads(m, 257), SPARROW_ERR_INVALID_ARGUMENT,
            "thread count 257 is not in [1, 256]");
  CHECK_ERR(sparrow_model_set_num_threads(NULL, 2),
            SPARROW_ERR_INVALID_ARGUMENT, "model is NULL");
  CHECK(sparrow_model_get_num_threads(m) == 1);
  CHECK(sparrow_model_set_num_threads(m, 8) == SPARROW_OK);
  CHECK(sparrow_model_get_num_threads(m) == 8);
  CHECK(sparrow_model_set_num_threads(m, 1) == SPARROW_OK);
  CHECK(sparrow_model_get_num_threads(m) == 1);
  CHECK(sparrow_model_get_num_threads(NULL) == 0);
}

static void testRun(sparrow_model *m) {
  _Alignas(64) float a[13], b[12], sum[12], twice[12];
  for (int i = 0; i < 12; ++i) {
    a[i] = (float)i;
    b[i] = 0.5f * (float)i;
  }
  const void *ins[] = {a, b};
  void *outs[] = {sum, twice};
  // One thread, then the pool (the fake model doubles rows through the
  // dispatcher), then one thread again.
  for (int threads = 1; threads <= 4; threads += 3) {
    CHECK(sparrow_model_set_num_threads(m, threads) == SPARROW_OK);
    for (int run = 0; run < 50; ++run) {
      memset(twice, 0, sizeof(twice));
      CHECK(sparrow_model_run(m, ins, outs) == SPARROW_OK);
      int good = 1;
      for (int i = 0; i < 12; ++i)
        good &= sum[i] == 1.5f * (float)i && twice[i] == 3.0f * (float)i;
      CHECK(good);
    }
  }
  CHECK(sparrow_model_set_num_threads(m, 1) == SPARROW_OK);

  const void *misaligned[] = {(const char *)a + 4, b};
  const void *missing[] = {a, NULL};
  CHECK_ERR(sparrow_model_run(m, misaligned, outs),
            SPARROW_ERR_INVALID_ARGUMENT, "input 0 ('a') is not 16-byte");
  CHECK_ERR(sparrow_model_run(m, missing, outs), SPARROW_ERR_INVALID_ARGUMENT,
            "input 1 ('b') is NULL");
  CHECK_ERR(sparrow_model_run(m, ins, NULL), SPARROW_ERR_INVALID_ARGUMENT,
            "output array is NULL");
  CHECK_ERR(sparrow_model_run(NULL, ins, outs), SPARROW_ERR_INVALID_ARGUMENT,
            "model is NULL");

  sparrow_model *bad;
  CHECK(sparrow_model_load(path("fake_fails.so"), &bad) == SPARROW_OK);
  CHECK_ERR(sparrow_model_run(bad, ins, outs), SPARROW_ERR_RUN_FAILED,
            "compiled model returned 7");
  sparrow_model_free(bad);
}

int main(int argc, char **argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: api_test DIR\n");
    return 2;
  }
  snprintf(Dir, sizeof(Dir), "%s", argv[1]);
  testLoadErrors();

  sparrow_model *m = NULL;
  CHECK(sparrow_model_load(path("fake.so"), &m) == SPARROW_OK && m);
  if (m) {
    testQueries(m);
    testRun(m);
  }
  sparrow_model_free(m);
  sparrow_model_free(NULL);

  CHECK(!strcmp(sparrow_status_string(SPARROW_ERR_IO), "I/O error"));
  CHECK(!strcmp(sparrow_dtype_name(SPARROW_DTYPE_INT64), "int64"));
  CHECK(!strcmp(sparrow_dtype_name(12345), "unknown"));
  CHECK(sparrow_dtype_size(SPARROW_DTYPE_FLOAT16) == 2);
  CHECK(sparrow_dtype_size(0) == 0);

  if (Failures) {
    fprintf(stderr, "api_test: %d of %d checks failed\n", Failures, Checks);
    return 1;
  }
  printf("api_test: all %d checks passed\n", Checks);
  return 0;
}
