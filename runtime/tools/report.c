//===- report.c - The JSON object sparrow-runner prints -------------------===//
//
// run-wasm.mjs and ort-run.mjs print byte-for-byte the same layout: fixed key
// order, times with 6 decimals, strings escaped as JSON.stringify does.
//
//===----------------------------------------------------------------------===//

#include "runner.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void printJsonString(const char *s) {
  putchar('"');
  for (const unsigned char *p = (const unsigned char *)s; *p; ++p) {
    const char *esc = *p == '"'    ? "\\\""
                      : *p == '\\' ? "\\\\"
                      : *p == '\b' ? "\\b"
                      : *p == '\f' ? "\\f"
                      : *p == '\n' ? "\\n"
                      : *p == '\r' ? "\\r"
                      : *p == '\t' ? "\\t"
                                   : NULL;
    if (esc)
      fputs(esc, stdout);
    else if (*p < 0x20)
      printf("\\u%04x", *p);
    else
      putchar(*p);
  }
  putchar('"');
}

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return (x > y) - (x < y);
}

void print_report(long runs, const double *timesMs, size_t numOutputs,
                  const sparrow_tensor_info *outputs,
                  const char *const *files) {
  double *sorted = malloc((size_t)runs * sizeof(double));
  if (!sorted)
    die("out of memory");
  memcpy(sorted, timesMs, (size_t)runs * sizeof(double));
  qsort(sorted, (size_t)runs, sizeof(double), compareDoubles);
  size_t mid = (size_t)runs / 2;
  double median = runs % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;

  printf("{\"runs\":%ld,\"median_ms\":%.6f,\"min_ms\":%.6f,\"times_ms\":[",
         runs, median, sorted[0]);
  for (long r = 0; r < runs; ++r)
    printf("%s%.6f", r ? "," : "", timesMs[r]);
  printf("],\"outputs\":[");
  for (size_t i = 0; i < numOutputs; ++i) {
    printf("%s{\"name\":", i ? "," : "");
    printJsonString(outputs[i].name);
    printf(",\"dtype\":\"%s\",\"shape\":[",
           sparrow_dtype_name(outputs[i].dtype));
    for (int d = 0; d < outputs[i].rank; ++d)
      printf("%s%lld", d ? "," : "", (long long)outputs[i].shape[d]);
    printf("],\"file\":");
    if (files[i])
      printJsonString(files[i]);
    else
      printf("null");
    printf("}");
  }
  printf("]}\n");
  free(sorted);
}
