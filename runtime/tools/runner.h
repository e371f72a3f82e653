//===- runner.h - Pieces of sparrow-runner shared between files ---*- C -*-===//

#ifndef SPARROW_RUNNER_RUNNER_H
#define SPARROW_RUNNER_RUNNER_H

#include "sparrow/runtime.h"

#include <stddef.h>
#include <stdint.h>

typedef struct input_file {
  const char *name;
  const char *file;
} input_file;

typedef struct options {
  const char *model;
  input_file *inputs; // from --input, in command-line order
  size_t numInputs;
  uint64_t seed;
  const char *outputDir; // NULL: write no files
  long runs;
  long warmup;
  int threads; // --threads, 1 by default
} options;

// Prints "sparrow-runner: error: <message>" as one line and exits with 1.
void die(const char *fmt, ...) __attribute__((noreturn, format(printf, 1, 2)));

// Parses the command line; exits on errors and after --help.
void parse_options(int argc, char **argv, options *o);

// Prints the JSON result object. `files[i]` is NULL when output i was not
// written.
void print_report(long runs, const double *timesMs, size_t numOutputs,
                  const sparrow_tensor_info *outputs, const char *const *files);

#endif // SPARROW_RUNNER_RUNNER_H
