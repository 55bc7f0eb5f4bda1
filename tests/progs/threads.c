/* Four threads allocate at the same time (a barrier lines them up); each
   uses its own line, so the lineno key shows per-thread totals:
     thread 0  @T0  10 blocks of 1000 B, frees 5 -> live  5000 B, 5 blocks
     thread 1  @T1  10 blocks of 2000 B, frees 5 -> live 10000 B, 5 blocks
     thread 2  @T2  10 blocks of 3000 B, frees 5 -> live 15000 B, 5 blocks
     thread 3  @T3  10 blocks of 4000 B, frees 5 -> live 20000 B, 5 blocks
   Snapshot "joined" after pthread_join: the four lines hold 50000 B in 20
   blocks; the function key puts all of them under worker, printed as
   "worker: size=48.8 KiB, count=20, average=2500 B" (50000 / 1024 =
   48.83).  The threads allocated 100000 B in 40 blocks in all.
   pthread_create's own allocations (thread descriptors, TLS) are on
   other lines.  The peak depends on how the threads interleave, so this
   program is no DHAT yardstick. */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

#define N_THREADS 4
#define N_BLOCKS  10

static pthread_barrier_t barrier;
static void*             blocks[N_THREADS][N_BLOCKS];

static void* worker(void* arg)
{
   int id = (int)(long)arg;
   pthread_barrier_wait(&barrier);
   for (int i = 0; i < N_BLOCKS; i++) {
      switch (id) {
      case 0: blocks[id][i] = malloc(1000); break;    /* @T0 */
      case 1: blocks[id][i] = malloc(2000); break;    /* @T1 */
      case 2: blocks[id][i] = malloc(3000); break;    /* @T2 */
      case 3: blocks[id][i] = malloc(4000); break;    /* @T3 */
      }
   }
   for (int i = 0; i < N_BLOCKS; i += 2)
      free(blocks[id][i]);
   return NULL;
}

int main(void)
{
   pthread_t threads[N_THREADS];

   pthread_barrier_init(&barrier, NULL, N_THREADS);
   for (long i = 0; i < N_THREADS; i++)
      pthread_create(&threads[i], NULL, worker, (void*)i);
   for (int i = 0; i < N_THREADS; i++)
      pthread_join(threads[i], NULL);
   VALGRIND_MEMSNAP_TAKE("joined");
   VALGRIND_MEMSNAP_STATS("joined", "function", 0);
   printf("done\n");
   return 0;
}
