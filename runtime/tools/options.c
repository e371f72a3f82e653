//===- options.c - sparrow-runner's command line --------------------------===//
//
// run-wasm.mjs and ort-run.mjs accept exactly the same syntax.
//
//===----------------------------------------------------------------------===//

#include "runner.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char Usage[] =
    "usage: sparrow-runner MODEL.so [--input NAME=FILE.npy]... [--seed N]\n"
    "                      [--output-dir DIR] [--runs N] [--warmup N]\n"
    "                      [--threads N]\n";

// Decimal digits only, so "-1" or "1e3" are rejected rather than misread.
static uint64_t parseUnsigned(const char *opt, const char *text, uint64_t max) {
  char *end;
  errno = 0;
  unsigned long long v = strtoull(text, &end, 10);
  if (*text < '0' || *text > '9' || *end || errno || v > max)
    die("%s expects an integer from 0 to %llu, got '%s'", opt,
        (unsigned long long)max, text);
  return v;
}

static void addInput(options *o, const char *value) {
  const char *sep = strchr(value, '=');
  if (!sep || sep == value || !sep[1])
    die("--input expects NAME=FILE.npy, got '%s'", value);
  size_t nameLen = (size_t)(sep - value);
  char *name = malloc(nameLen + 1);
  if (!name)
    die("out of memory");
  memcpy(name, value, nameLen);
  name[nameLen] = '\0';
  for (size_t k = 0; k < o->numInputs; ++k)
    if (!strcmp(o->inputs[k].name, name))
      die("input '%s' is given twice", name);
  o->inputs[o->numInputs++] = (input_file){name, sep + 1};
}

void parse_options(int argc, char **argv, options *o) {
  static const char *const Known[] = {"--input", "--seed",   "--output-dir",
                                      "--runs",  "--warmup", "--threads"};
  memset(o, 0, sizeof(*o));
  o->runs = 1;
  o->warmup = -1;
  o->threads = 1;
  o->inputs = calloc((size_t)argc, sizeof(*o->inputs));
  if (!o->inputs)
    die("out of memory");
  for (int i = 1; i < argc; ++i) {
    const char *arg = argv[i];
    if (!strcmp(arg, "-h") || !strcmp(arg, "--help")) {
      fputs(Usage, stdout);
      exit(0);
    }
    if (arg[0] != '-' || !arg[1]) {
      if (o->model)
        die("unexpected argument '%s' (the model is '%s')", arg, o->model);
      o->model = arg;
      continue;
    }
    // Both "--opt VALUE" and "--opt=VALUE".
    const char *eq = strchr(arg, '=');
    size_t optLen = eq ? (size_t)(eq - arg) : strlen(arg);
    const char *opt = NULL;
    for (size_t k = 0; k < sizeof(Known) / sizeof(Known[0]); ++k)
      if (strlen(Known[k]) == optLen && !strncmp(arg, Known[k], optLen))
        opt = Known[k];
    if (!opt)
      die("unknown option '%s'", arg);
    const char *value = eq ? eq + 1 : NULL;
    if (!value) {
      if (i + 1 >= argc)
        die("%s needs a value", opt);
      value = argv[++i];
    }
    if (!strcmp(opt, "--input")) {
      addInput(o, value);
    } else if (!strcmp(opt, "--seed")) {
      o->seed = parseUnsigned(opt, value, UINT64_MAX);
    } else if (!strcmp(opt, "--output-dir")) {
      if (!*value)
        die("--output-dir needs a directory");
      o->outputDir = value;
    } else if (!strcmp(opt, "--runs")) {
      o->runs = (long)parseUnsigned(opt, value, 1000000);
      if (o->runs < 1)
        die("--runs must be at least 1");
    } else if (!strcmp(opt, "--threads")) {
      o->threads = (int)parseUnsigned(opt, value, SPARROW_MAX_THREADS);
      if (o->threads < 1)
        die("--threads must be at least 1");
    } else {
      o->warmup = (long)parseUnsigned(opt, value, 1000000);
    }
  }
  if (!o->model)
    die("no model given (usage: sparrow-runner MODEL.so [options])");
  if (o->warmup < 0)
    o->warmup = o->runs > 1 ? 1 : 0;
}
