/* live: millions of long-lived blocks.  Allocates LIVE blocks (default
   2,000,000, 8-71 bytes, from the 1,000 sites of sites.c), then replaces
   REPLACE random ones (default 500,000) with new blocks, then frees half
   and leaves the rest to the end.  Measures a heap tool's per-block memory
   (peak RSS) and its live-block table under load.
     live [LIVE [REPLACE]] */
#include "perf.h"

volatile unsigned long perf_sink;

int main(int argc, char **argv)
{
   long live = perf_arg(argc, argv, 1, 2000000);
   long replace = perf_arg(argc, argv, 2, 500000);
   uint64_t s = 0x1234567887654321ULL;
   void **slot = malloc(live * sizeof *slot);
   for (long i = 0; i < live; i++) {
      uint64_t r = perf_rand(&s);
      slot[i] = perf_site[(r >> 20) % PERF_N_SITES](8 + (r >> 40) % 48);
   }
   for (long i = 0; i < replace; i++) {
      uint64_t r = perf_rand(&s);
      long j = (long)(r % (uint64_t)live);
      free(slot[j]);
      slot[j] = perf_site[(r >> 20) % PERF_N_SITES](8 + (r >> 40) % 48);
   }
   for (long i = 0; i < live; i += 2)
      free(slot[i]);
   perf_sink += (unsigned long)slot[1];
   return 0;
}
