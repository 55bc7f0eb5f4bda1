/* churn: malloc/free churn through the 1,000 distinct call sites of
   sites.c.  A ring of RING slots (default 100,000 live blocks of 1-143
   bytes); each of ITERS iterations (default 1,500,000) frees a random slot
   and refills it from a random site.  Measures the per-allocation cost of
   a heap tool with many sites and a mid-sized live table.
     churn [ITERS [RING]] */
#include "perf.h"

volatile unsigned long perf_sink;

int main(int argc, char **argv)
{
   long iters = perf_arg(argc, argv, 1, 1500000);
   long ring = perf_arg(argc, argv, 2, 100000);
   uint64_t s = 88172645463325252ULL;
   void **slot = calloc(ring, sizeof *slot);
   for (long i = 0; i < iters; i++) {
      uint64_t r = perf_rand(&s);
      long j = (long)(r % (uint64_t)ring);
      free(slot[j]);
      slot[j] = perf_site[(r >> 20) % PERF_N_SITES]((r >> 40) % 128);
   }
   for (long j = 0; j < ring; j++) {
      perf_sink += slot[j] != NULL;
      free(slot[j]);
   }
   free(slot);
   return 0;
}
