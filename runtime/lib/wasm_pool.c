//===- wasm_pool.c - Web Workers as the wasm32 model's threads ------------===//
//
// The protocol of thread_pool.c on wasm atomics: the caller bumps
// `generation`, every thread claims chunks from a shared counter, and the
// caller spins until each worker has checked in. Workers spin briefly and
// then sleep in memory.atomic.wait32 on the generation; the caller never
// waits (a browser's main thread may not) and wakes sleepers with
// memory.atomic.notify.
//
//===----------------------------------------------------------------------===//

#include "wasm_pool.h"
#include "export.h"
#include "parallel_loop.h"

#include <stdatomic.h>
#include <stdlib.h>

// Polls before a worker sleeps: about a millisecond, longer than the gap
// between two kernels of a run even on a busy page; waking a sleeping worker
// costs more in browsers than on the host (MobileNet-v1 on 2 threads in
// Chromium: 38-45 ms with 20000 polls, 35-37 ms with 10^6). The cost is up
// to that millisecond of polling per worker after each run.
#define SPIN_LIMIT 1000000

struct sparrow_wasm_pool {
  int numWorkers;
  // The current loop; written by the caller before bumping the generation.
  sparrow_parallel_loop loop;
  _Atomic int pending;    // workers still on the current loop
  _Atomic int generation; // bumped per loop (and on stop); waited on
  _Atomic int stopping;
  _Atomic int working; // workers inside sparrow_wasm_pool_work
};

SPARROW_WASM_EXPORT("sparrow_wasm_pool_create")
sparrow_wasm_pool *sparrow_wasm_pool_create(int numThreads) {
  sparrow_wasm_pool *pool = calloc(1, sizeof(*pool));
  if (pool)
    pool->numWorkers = numThreads > 1 ? numThreads - 1 : 0;
  return pool;
}

int sparrow_wasm_pool_threads(const sparrow_wasm_pool *pool) {
  return pool->numWorkers + 1;
}

// Waits until the generation differs from `seen`; returns the new one.
static int awaitLoop(sparrow_wasm_pool *pool, int seen) {
  for (int i = 0; i < SPIN_LIMIT; ++i) {
    int g = atomic_load(&pool->generation);
    if (g != seen)
      return g;
  }
  int g;
  while ((g = atomic_load(&pool->generation)) == seen)
    __builtin_wasm_memory_atomic_wait32((int *)&pool->generation, seen, -1);
  return g;
}

SPARROW_WASM_EXPORT("sparrow_wasm_pool_work")
void sparrow_wasm_pool_work(sparrow_wasm_pool *pool) {
  atomic_fetch_add(&pool->working, 1);
  // Generation 0 is the pool's initial state, so a loop published before
  // this worker got here is not missed.
  int seen = 0;
  for (;;) {
    seen = awaitLoop(pool, seen);
    if (atomic_load(&pool->stopping))
      break;
    sparrow_loop_run_chunks(&pool->loop);
    atomic_fetch_sub(&pool->pending, 1);
  }
  atomic_fetch_sub(&pool->working, 1);
}

static void publish(sparrow_wasm_pool *pool) {
  atomic_fetch_add(&pool->generation, 1);
  __builtin_wasm_memory_atomic_notify((int *)&pool->generation, -1u);
}

void sparrow_wasm_pool_parallel_for(void *opaque, sparrow_abi_task task,
                                    void *ctx, int64_t n) {
  sparrow_wasm_pool *pool = opaque;
  if (n <= 0)
    return;
  if (n == 1 || pool->numWorkers == 0) {
    task(ctx, 0, n);
    return;
  }
  sparrow_loop_start(&pool->loop, task, ctx, n, pool->numWorkers + 1);
  atomic_store(&pool->pending, pool->numWorkers);
  publish(pool);
  sparrow_loop_run_chunks(&pool->loop);
  while (atomic_load(&pool->pending))
    ;
}

SPARROW_WASM_EXPORT("sparrow_wasm_pool_stop")
int sparrow_wasm_pool_stop(sparrow_wasm_pool *pool) {
  atomic_store(&pool->stopping, 1);
  publish(pool);
  return atomic_load(&pool->working);
}

SPARROW_WASM_EXPORT("sparrow_wasm_pool_free")
void sparrow_wasm_pool_free(sparrow_wasm_pool *pool) { free(pool); }
