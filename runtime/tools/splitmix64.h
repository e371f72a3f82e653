//===- splitmix64.h - The generator for unspecified inputs --------*- C -*-===//
//
// sparrow-runner, run-wasm.mjs and ort-run.mjs must fill missing inputs with
// the same bits, so the generator and the float mapping are fixed here and
// mirrored in runtime/js/random-inputs.mjs.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNNER_SPLITMIX64_H
#define SPARROW_RUNNER_SPLITMIX64_H

#include <stdint.h>

static inline uint64_t splitmix64_next(uint64_t *state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

// Uniform in [-1, 1): the top 24 bits give a float in [0, 1) exactly.
static inline float splitmix64_next_float(uint64_t *state) {
  return (float)((double)(splitmix64_next(state) >> 40) * 0x1.0p-24) * 2 - 1;
}

#endif // SPARROW_RUNNER_SPLITMIX64_H
