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

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>

// Spin iterations before sleeping: a few tens of microseconds, longer than
// the gap between two kernels of a run.
#define SPIN_LIMIT 20000

// Chunks per thread: enough that a thread running slower than the others
// (a LITTLE core, a busy neighbour) holds up the loop by a small chunk at
// most; claiming one costs an atomic add. MobileNet-v1 on 2 host threads
// (AMD EPYC, 4 alternating pairs): 12.4-16.0 ms with 16, 12.6-18.8 with 4.
#define CHUNKS_PER_THREAD 16

struct sparrow_pool {
  pthread_mutex_t lock;
  pthread_cond_t wake; // generation changed or stopping
  pthread_cond_t done; // the last pool thread finished the loop
  pthread_t *threads;
  int numWorkers;
  // The current loop; written by the caller before bumping the generation.
  sparrow_abi_task task;
  void *ctx;
  int64_t n, chunk;
  atomic_llong next;      // first unclaimed iteration
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

static void runChunks(sparrow_pool *pool) {
  for (;;) {
    int64_t begin = atomic_fetch_add(&pool->next, pool->chunk);
    if (begin >= pool->n)
      return;
    int64_t end = begin + pool->chunk < pool->n ? begin + pool->chunk : pool->n;
    pool->task(pool->ctx, begin, end);
  }
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
    runChunks(pool);
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
  int64_t threads = pool->numWorkers + 1;
  int64_t chunk = n / (threads * CHUNKS_PER_THREAD);
  pool->task = task;
  pool->ctx = ctx;
  pool->n = n;
  pool->chunk = chunk > 0 ? chunk : 1;
  atomic_store(&pool->next, 0);
  atomic_store(&pool->pending, pool->numWorkers);
  // Publishing under the lock pairs with the sleepers' check-then-wait.
  pthread_mutex_lock(&pool->lock);
  atomic_fetch_add(&pool->generation, 1);
  pthread_cond_broadcast(&pool->wake);
  pthread_mutex_unlock(&pool->lock);

  runChunks(pool);

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
  atomic_init(&pool->next, 0);
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
