/* threads: four threads churning malloc/free at once, each through its own
   250 sites of sites.c and its own ring of 25,000 slots; ITERS iterations
   in all (default 4,000,000).  Valgrind runs one thread at a time, so this
   measures the tool's hot path plus thread switches.
     threads [ITERS] */
#include "perf.h"
#include <pthread.h>

volatile unsigned long perf_sink;

#define NTHREADS 4
#define RING 25000
static long per_thread;

static void *work(void *arg)
{
   long t = (long)arg;
   uint64_t s = 0x9E3779B97F4A7C15ULL * (uint64_t)(t + 1);
   void **slot = calloc(RING, sizeof *slot);
   for (long i = 0; i < per_thread; i++) {
      uint64_t r = perf_rand(&s);
      long j = (long)(r % RING);
      free(slot[j]);
      slot[j] = perf_site[t * (PERF_N_SITES / NTHREADS) + (r >> 20) % (PERF_N_SITES / NTHREADS)]((r >> 40) % 128);
   }
   for (long j = 0; j < RING; j++)
      free(slot[j]);
   free(slot);
   return NULL;
}

int main(int argc, char **argv)
{
   pthread_t th[NTHREADS];
   per_thread = perf_arg(argc, argv, 1, 4000000) / NTHREADS;
   for (long t = 0; t < NTHREADS; t++)
      if (pthread_create(&th[t], NULL, work, (void *)t))
         abort();
   for (int t = 0; t < NTHREADS; t++)
      pthread_join(th[t], NULL);
   perf_sink += per_thread;
   return 0;
}
