/* realloc: buffers growing by realloc, as string builders and vectors do.
   BUFS buffers (default 2,000) are grown in turn by 16-79 bytes per step
   for STEPS steps in all (default 1,500,000); a buffer past 8 KiB is freed
   and starts again.  One buffer in four doubles instead of adding.
     realloc [STEPS [BUFS]] */
#include "perf.h"
#include <string.h>

volatile unsigned long perf_sink;

int main(int argc, char **argv)
{
   long steps = perf_arg(argc, argv, 1, 1500000);
   long bufs = perf_arg(argc, argv, 2, 2000);
   uint64_t s = 0xDEADBEEFCAFEF00DULL;
   char **buf = calloc(bufs, sizeof *buf);
   size_t *len = calloc(bufs, sizeof *len);
   for (long i = 0; i < steps; i++) {
      long j = i % bufs;
      uint64_t r = perf_rand(&s);
      size_t n = (j & 3) == 0 ? (len[j] ? 2 * len[j] : 64) : len[j] + 16 + r % 64;
      if (n > 8192) {
         free(buf[j]);
         buf[j] = NULL;
         n = 32;
      }
      char *p = realloc(buf[j], n);
      if (!p)
         abort();
      p[n - 1] = (char)i;
      buf[j] = p;
      len[j] = n;
   }
   for (long j = 0; j < bufs; j++) {
      perf_sink += len[j];
      free(buf[j]);
   }
   free(buf);
   free(len);
   return 0;
}
