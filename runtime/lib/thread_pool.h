//===- thread_pool.h - The threads a model's parallel loops run on -*- C
//-*-===//
//
// A fixed set of pthreads that sleep between runs. The compiled model calls
// sparrow_pool_parallel_for through the sparrow_abi_dispatch the runtime
// passes it; the calling thread works alongside the pool's threads.
//
//===----------------------------------------------------------------------===//

#ifndef SPARROW_RUNTIME_THREAD_POOL_H
#define SPARROW_RUNTIME_THREAD_POOL_H

#include "model_abi.h"

typedef struct sparrow_pool sparrow_pool;

// A pool running loops on `numThreads` threads: the caller and
// numThreads - 1 new ones. NULL if a thread cannot be started (nothing is
// left running).
sparrow_pool *sparrow_pool_create(int numThreads);

// Stops and joins the threads. NULL is allowed.
void sparrow_pool_destroy(sparrow_pool *pool);

// Runs task(ctx, begin, end) over chunks covering [0, n) on all threads and
// returns when every chunk has run. `pool` is a sparrow_pool.
void sparrow_pool_parallel_for(void *pool, sparrow_abi_task task, void *ctx,
                               int64_t n);

#endif // SPARROW_RUNTIME_THREAD_POOL_H
