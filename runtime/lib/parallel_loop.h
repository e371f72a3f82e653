//===- parallel_loop.h - A parallel loop split into chunks ------*- C -*-===//
//
// What the host pool (thread_pool.c) and the wasm32 pool (wasm_pool.c) share:
// the loop being run and how threads split it. The caller fills it in before
// publishing it; every thread then claims chunks until none are left.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_PARALLEL_LOOP_H
#define SPARROW_RUNTIME_PARALLEL_LOOP_H

#include "model_abi.h"

#include <stdatomic.h>

// Chunks per thread: enough that a thread running slower than the others (a
// LITTLE core, a busy neighbour, a browser's uneven scheduling) holds up the
// loop by a small chunk at most; claiming one costs an atomic add.
// MobileNet-v1 on 2 threads, alternating runs: host (AMD EPYC) 12.4-16.0 ms
// with 16 against 12.6-18.8 with 4; Chromium 38-48 ms against 47-58 (64 no
// better than 16).
#define SPARROW_CHUNKS_PER_THREAD 16

typedef struct sparrow_parallel_loop {
  sparrow_abi_task task;
  void *ctx;
  int64_t n, chunk;
  _Atomic int64_t next; // first unclaimed iteration
} sparrow_parallel_loop;

// Sets up [0, n) of task for `threads` threads (not yet published).
static inline void sparrow_loop_start(sparrow_parallel_loop *loop,
                                      sparrow_abi_task task, void *ctx,
                                      int64_t n, int64_t threads) {
  int64_t chunk = n / (threads * SPARROW_CHUNKS_PER_THREAD);
  loop->task = task;
  loop->ctx = ctx;
  loop->n = n;
  loop->chunk = chunk > 0 ? chunk : 1;
  atomic_store(&loop->next, 0);
}

// Runs chunks of the loop until every iteration has been claimed.
static inline void sparrow_loop_run_chunks(sparrow_parallel_loop *loop) {
  for (;;) {
    int64_t begin = atomic_fetch_add(&loop->next, loop->chunk);
    if (begin >= loop->n)
      return;
    int64_t end = begin + loop->chunk < loop->n ? begin + loop->chunk : loop->n;
    loop->task(loop->ctx, begin, end);
  }
}

#endif // SPARROW_RUNTIME_PARALLEL_LOOP_H
