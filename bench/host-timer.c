/* host-timer: the benchmark's worker for a host .so compiled by
 * sparrow-compile. It loads the model once and then answers commands on
 * stdin, one per line, with one line of JSON on stdout, so bench.py can
 * interleave its runs with other runtimes' without reloading anything:
 *
 *   host-timer [--threads N] MODEL.so INPUT.raw...
 *                                        one raw file per model input, in
 *                                        model order, exactly byte_size bytes;
 *                                        runs on N threads (default 1)
 *   -> {"ready":true,"runtime":"sparrow-host","inputs":[...],"outputs":[...]}
 *   run N      -> {"times_ms":[t1,...,tN]}   N timed sparrow_model_run calls
 *   save DIR   -> {"outputs":[{"name","dtype","shape","file"}]}  raw bytes
 *                 of the last run's outputs, DIR/out<i>.raw
 *   quit
 *
 * Like sparrow-runner, each run is timed with clock_gettime(CLOCK_MONOTONIC)
 * around sparrow_model_run alone; inputs and outputs stay in place.
 * Errors: {"error":"..."} on stdout, then exit 1. */

#define _POSIX_C_SOURCE 200809L
#include "sparrow/runtime.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static void json_string(const char *s) {
  putchar('"');
  for (; *s; ++s) {
    unsigned char c = (unsigned char)*s;
    if (c == '"' || c == '\\')
      printf("\\%c", c);
    else if (c < 0x20)
      printf("\\u%04x", c);
    else
      putchar(c);
  }
  putchar('"');
}

static int die(const char *what, const char *detail) {
  printf("{\"error\":");
  char msg[1024];
  snprintf(msg, sizeof msg, "%s%s%s", what, detail ? ": " : "",
           detail ? detail : "");
  json_string(msg);
  printf("}\n");
  fflush(stdout);
  return 1;
}

static void *alloc_buffer(size_t bytes) {
  size_t size = (bytes + 63) / 64 * 64;
  return aligned_alloc(64, size ? size : 64);
}

static void print_infos(const sparrow_model *m, int outputs) {
  size_t n =
      outputs ? sparrow_model_num_outputs(m) : sparrow_model_num_inputs(m);
  putchar('[');
  for (size_t i = 0; i < n; ++i) {
    sparrow_tensor_info info;
    if (outputs)
      sparrow_model_output_info(m, i, &info);
    else
      sparrow_model_input_info(m, i, &info);
    printf("%s{\"name\":", i ? "," : "");
    json_string(info.name);
    printf(",\"dtype\":");
    json_string(sparrow_dtype_name(info.dtype));
    printf(",\"shape\":[");
    for (int32_t d = 0; d < info.rank; ++d)
      printf("%s%lld", d ? "," : "", (long long)info.shape[d]);
    printf("]}");
  }
  putchar(']');
}

static double now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec * 1e-6;
}

int main(int argc, char **argv) {
  int threads = 1;
  if (argc > 2 && strcmp(argv[1], "--threads") == 0) {
    threads = atoi(argv[2]);
    argv += 2;
    argc -= 2;
  }
  if (argc < 2)
    return die("usage: host-timer [--threads N] MODEL.so INPUT.raw...", NULL);
  sparrow_model *m;
  if (sparrow_model_load(argv[1], &m) != SPARROW_OK)
    return die(sparrow_last_error(), NULL);
  if (sparrow_model_set_num_threads(m, threads) != SPARROW_OK)
    return die(sparrow_last_error(), NULL);
  size_t ni = sparrow_model_num_inputs(m), no = sparrow_model_num_outputs(m);
  if ((size_t)(argc - 2) != ni)
    return die("wrong number of input files for the model", argv[1]);

  const void **ins = calloc(ni ? ni : 1, sizeof *ins);
  void **outs = calloc(no ? no : 1, sizeof *outs);
  for (size_t i = 0; i < ni; ++i) {
    sparrow_tensor_info info;
    sparrow_model_input_info(m, i, &info);
    void *buf = alloc_buffer(info.byte_size);
    FILE *f = fopen(argv[2 + i], "rb");
    if (!f)
      return die("cannot open input file", argv[2 + i]);
    size_t got = fread(buf, 1, info.byte_size, f);
    int extra = fgetc(f) != EOF;
    fclose(f);
    if (got != info.byte_size || extra)
      return die("input file does not hold exactly the input's bytes",
                 argv[2 + i]);
    ins[i] = buf;
  }
  for (size_t i = 0; i < no; ++i) {
    sparrow_tensor_info info;
    sparrow_model_output_info(m, i, &info);
    outs[i] = alloc_buffer(info.byte_size);
    memset(outs[i], 0, info.byte_size);
  }

  printf("{\"ready\":true,\"runtime\":\"sparrow-host\",\"threads\":%d,"
         "\"inputs\":",
         sparrow_model_get_num_threads(m));
  print_infos(m, 0);
  printf(",\"outputs\":");
  print_infos(m, 1);
  printf("}\n");
  fflush(stdout);

  char line[4096];
  while (fgets(line, sizeof line, stdin)) {
    line[strcspn(line, "\r\n")] = 0;
    if (strncmp(line, "run ", 4) == 0) {
      long n = strtol(line + 4, NULL, 10);
      if (n < 1 || n > 1000000)
        return die("bad run count", line);
      double *times = malloc(n * sizeof *times);
      for (long r = 0; r < n; ++r) {
        double start = now_ms();
        sparrow_status s = sparrow_model_run(m, ins, outs);
        times[r] = now_ms() - start;
        if (s != SPARROW_OK)
          return die(sparrow_last_error(), NULL);
      }
      printf("{\"times_ms\":[");
      for (long r = 0; r < n; ++r)
        printf("%s%.6f", r ? "," : "", times[r]);
      printf("]}\n");
      free(times);
    } else if (strncmp(line, "save ", 5) == 0) {
      printf("{\"outputs\":[");
      for (size_t i = 0; i < no; ++i) {
        sparrow_tensor_info info;
        sparrow_model_output_info(m, i, &info);
        char path[4200];
        snprintf(path, sizeof path, "%s/out%zu.raw", line + 5, i);
        FILE *f = fopen(path, "wb");
        if (!f || fwrite(outs[i], 1, info.byte_size, f) != info.byte_size)
          return die("cannot write output file", path);
        fclose(f);
        printf("%s{\"name\":", i ? "," : "");
        json_string(info.name);
        printf(",\"dtype\":");
        json_string(sparrow_dtype_name(info.dtype));
        printf(",\"shape\":[");
        for (int32_t d = 0; d < info.rank; ++d)
          printf("%s%lld", d ? "," : "", (long long)info.shape[d]);
        printf("],\"file\":");
        json_string(path);
        putchar('}');
      }
      printf("]}\n");
    } else if (strcmp(line, "quit") == 0) {
      break;
    } else {
      return die("unknown command", line);
    }
    fflush(stdout);
  }
  sparrow_model_free(m);
  return 0;
}
