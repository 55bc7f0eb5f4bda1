/* mix: the whole malloc family.  A ring of 50,000 slots; each of ITERS
   iterations (default 1,000,000) frees a random slot and refills it with
   malloc, calloc, posix_memalign (32), aligned_alloc (64), memalign (128)
   or realloc of the old block, chosen at random; sizes 1-512 bytes.
     mix [ITERS] */
#include "perf.h"
#include <malloc.h>
#include <string.h>

volatile unsigned long perf_sink;

#define RING 50000
static void *ring[RING];

int main(int argc, char **argv)
{
   long iters = perf_arg(argc, argv, 1, 1000000);
   uint64_t s = 0x0123456789ABCDEFULL;
   for (long i = 0; i < iters; i++) {
      uint64_t r = perf_rand(&s);
      long j = (long)(r % RING);
      size_t n = 1 + (r >> 32) % 512;
      void *p = NULL;
      switch ((r >> 24) % 8) {
      case 0: case 1:
         free(ring[j]);
         p = malloc(n);
         break;
      case 2: case 3:
         free(ring[j]);
         p = calloc(1 + n / 16, 16);
         break;
      case 4:
         free(ring[j]);
         if (posix_memalign(&p, 32, n))
            p = NULL;
         break;
      case 5:
         free(ring[j]);
         p = aligned_alloc(64, (n + 63) & ~(size_t)63);
         break;
      case 6:
         free(ring[j]);
         p = memalign(128, n);
         break;
      case 7:
         p = realloc(ring[j], n);
         break;
      }
      if (!p)
         abort();
      ((char *)p)[0] = (char)i;
      ring[j] = p;
   }
   for (long j = 0; j < RING; j++) {
      perf_sink += ring[j] != NULL;
      free(ring[j]);
   }
   return 0;
}
