//===- thread_pool.c - The threads a model's parallel loops run on --------===//
//
// One loop at a time: the caller publishes it by bumping `generation`, every
// thread (the caller too) claims chunks of iterations from a shared counter
// until none are left, and the caller waits until each pool thread has
// checked in. Kernels are launched back to back within a run, so threads
// spin briefly on the generation before sleeping on a condition variable;
// between runs they sleep.
//
//===----------------------------------------------------------------------===//

// pthreads are POSIX, not C11.
#define _POSIX_C_SOURCE 200809L

#include "thread_pool.h"
#include "parallel_loop.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

// Spin iterations before sleeping: a few tens of microseconds, longer than
// the gap between two kernels of a run.
#define SPIN_LIMIT 20000

struct sparrow_pool {
  pthread_mutex_t lock;
  pthread_cond_t wake; // generation changed or stopping
  pthread_cond_t done; // the last pool thread finished the loop
  pthread_t *threads;
  int numWorkers;
  // The current loop; written by the caller before bumping the generation.
  sparrow_parallel_loop loop;
  atomic_int pending;     // pool threads still on the current loop
  atomic_uint generation; // bumped per loop
  atomic_bool stopping;
};

static inline void cpuRelax(void) {
#if defined(__x86_64__) || defined(__i386__)
  __asm__ __volatile__("pause");
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

// Waits until the generation differs from `seen` (or the pool stops).
static unsigned awaitLoop(sparrow_pool *pool, unsigned seen) {
  for (int i = 0; i < SPIN_LIMIT; ++i) {
    unsigned g = atomic_load(&pool->generation);
    if (g != seen || atomic_load(&pool->stopping))
      return g;
    cpuRelax();
  }
  pthread_mutex_lock(&pool->lock);
  unsigned g;
  while ((g = atomic_load(&pool->generation)) == seen &&
         !atomic_load(&pool->stopping))
    pthread_cond_wait(&pool->wake, &pool->lock);
  pthread_mutex_unlock(&pool->lock);
  return g;
}

static void *workerMain(void *arg) {
  sparrow_pool *pool = arg;
  unsigned seen = 0;
  for (;;) {
    seen = awaitLoop(pool, seen);
    if (atomic_load(&pool->stopping))
      return NULL;
    sparrow_loop_run_chunks(&pool->loop);
    if (atomic_fetch_sub(&pool->pending, 1) == 1) {
      pthread_mutex_lock(&pool->lock);
      pthread_cond_signal(&pool->done);
      pthread_mutex_unlock(&pool->lock);
    }
  }
}

void sparrow_pool_parallel_for(void *opaque, sparrow_abi_task task, void *ctx,
                               int64_t n) {
  sparrow_pool *pool = opaque;
  if (n <= 0)
    return;
  if (n == 1 || pool->numWorkers == 0) {
    task(ctx, 0, n);
    return;
  }
  sparrow_loop_start(&pool->loop, task, ctx, n, pool->numWorkers + 1);
  atomic_store(&pool->pending, pool->numWorkers);
  // Publishing under the lock pairs with the sleepers' check-then-wait.
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add(&pool->generation, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);

  sparrow_loop_run_chunks(&pool->loop);

  for (int i = 0; i < SPIN_LIMIT && atomic_load(&pool->pending); ++i)
    cpuRelax();
  if (atomic_load(&pool->pending)) {
    pthread_mutex_lock(&pool->lock);
    while (atomic_load(&pool->pending))
      pthread_cond_wait(&pool->done, &pool->lock);
    pthread_mutex_unlock(&pool->lock);
  }
}

static void stopThreads(sparrow_pool *pool, int count) {
  pthread_mutex_lock(&pool->lock);
  atomic_store(&pool->stopping, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);
  for (int i = 0; i < count; ++i)
    pthread_join(pool->threads[i], NULL);
}

sparrow_pool *sparrow_pool_create(int numThreads) {
  sparrow_pool *pool = calloc(1, sizeof(*pool));
  if (!pool)
    return NULL;
  pool->numWorkers = numThreads > 1 ? numThreads - 1 : 0;
  pool->threads =
      calloc(pool->numWorkers ? pool->numWorkers : 1, sizeof(*pool->threads));
  if (!pool->threads) {
    free(pool);
    return NULL;
  }
  pthread_mutex_init(&pool->lock, NULL);
  pthread_cond_init(&pool->wake, NULL);
  pthread_cond_init(&pool->done, NULL);
  atomic_init(&pool->loop.next, 0);
  atomic_init(&pool->pending, 0);
  atomic_init(&pool->generation, 0);
  atomic_init(&pool->stopping, 0);
  for (int i = 0; i < pool->numWorkers; ++i) {
    if (pthread_create(&pool->threads[i], NULL, workerMain, pool) != 0) {
      stopThreads(pool, i);
      pool->numWorkers = 0;
      sparrow_pool_destroy(pool);
      return NULL;
    }
  }
  return pool;
}

void sparrow_pool_destroy(sparrow_pool *pool) {
  if (!pool)
    return;
  if (pool->numWorkers)
    stopThreads(pool, pool->numWorkers);
  pthread_cond_destroy(&pool->done);
  pthread_cond_destroy(&pool->wake);
  pthread_mutex_destroy(&pool->lock);
  free(pool->threads);
  free(pool);
}
