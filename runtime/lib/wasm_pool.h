//===- wasm_pool.h - Web Workers as the wasm32 model's threads ---*- C -*-===//
//
// The wasm32 counterpart of thread_pool.h. A module cannot start threads: the
// JS loader starts one Web Worker (worker_threads in node) per extra thread,
// instantiates the same module on the same shared memory in each, and calls
// sparrow_wasm_pool_work there. The main thread publishes loops and works
// alongside them; it only ever spins, because browsers forbid blocking waits
// on the main thread. See docs/Runtime.md.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_WASM_POOL_H
#define SPARROW_RUNTIME_WASM_POOL_H

#include "model_abi.h"

typedef struct sparrow_wasm_pool sparrow_wasm_pool;

// A pool for `numThreads` threads: the caller and numThreads - 1 workers the
// loader starts. NULL when out of memory.
sparrow_wasm_pool *sparrow_wasm_pool_create(int numThreads);

// Threads that take part in a loop, the caller included.
int sparrow_wasm_pool_threads(const sparrow_wasm_pool *pool);

// A worker's life: runs the chunks of every published loop until the pool
// stops. Called once on each worker.
void sparrow_wasm_pool_work(sparrow_wasm_pool *pool);

// Wakes the workers and makes sparrow_wasm_pool_work return; returns the
// number of workers still inside it (the pool may be freed at 0).
int sparrow_wasm_pool_stop(sparrow_wasm_pool *pool);

void sparrow_wasm_pool_free(sparrow_wasm_pool *pool);

// Runs task(ctx, begin, end) over chunks covering [0, n) on every thread and
// returns when all chunks have run. `pool` is a sparrow_wasm_pool.
void sparrow_wasm_pool_parallel_for(void *pool, sparrow_abi_task task,
                                    void *ctx, int64_t n);

#endif // SPARROW_RUNTIME_WASM_POOL_H
