/* realloc re-attributes a block to the realloc call site, and counts as a
   resize (current and peak never hold the old and the new copy together).

     @A  p = malloc(1000)          then snapshot "a"
     @D  q = malloc(64)
     @B  p = realloc(p, 2000)      then snapshot "b"
     @E  q = realloc(q, 64)        (same size: still re-attributed to @E)
     @C  p = realloc(p, 500)       then snapshot "c"
   then q is freed; p (500 B at @C) is still live at exit.

   compare a -> b (lineno), tracemalloc's order (|size diff|, size, ...):
     @B: size=2000 B (+2000 B), count=1 (+1), average=2000 B
     @A: size=0 B (-1000 B), count=0 (-1)
     @E: size=64 B (+64 B), count=1 (+1), average=64 B
     @D: size=0 B (-64 B), count=0 (-1)
   compare b -> c:
     @B: size=0 B (-2000 B), count=0 (-1)
     @C: size=500 B (+500 B), count=1 (+1), average=500 B
     @E: size=64 B (+0 B), count=1 (+0), average=64 B
   DIFF a->b = +1000 bytes, +0 blocks; b->c = -1500 bytes, +0 blocks.
   Peak above the baseline: 1000+64 -> 2064 (after @B) = 2064, never 3064.
   Exit summary (the program's own part): Total 1000+64+2000+64+500 = 3628
   bytes in 5 blocks; At peak 2064 bytes in 2 blocks; At exit 500 bytes in
   1 block.  The peak is its first moment, after @B: the same-size realloc
   @E comes back to 2064 but is no new peak, so the table at the peak has
   the 64 bytes at @D. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

int main(void)
{
   unsigned long long cur0 = 0, peak0 = 0, cur = 0, peak = 0;
   long long bytes = 0, blocks = 0;

   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   VALGRIND_MEMSNAP_RESET_PEAK();
   VALGRIND_MEMSNAP_GET_TRACED(&cur0, &peak0);
   char* p = malloc(1000);                           /* @A */
   char* q = malloc(64);                             /* @D */
   VALGRIND_MEMSNAP_TAKE("a");
   p = realloc(p, 2000);                             /* @B */
   q = realloc(q, 64);                               /* @E */
   VALGRIND_MEMSNAP_TAKE("b");
   p = realloc(p, 500);                              /* @C */
   VALGRIND_MEMSNAP_TAKE("c");
   VALGRIND_MEMSNAP_COMPARE("a", "b", "lineno", 0);
   VALGRIND_MEMSNAP_COMPARE("b", "c", "lineno", 0);
   VALGRIND_MEMSNAP_DIFF("a", "b", &bytes, &blocks);
   printf("diff a b: bytes=%lld blocks=%lld\n", bytes, blocks);
   VALGRIND_MEMSNAP_DIFF("b", "c", &bytes, &blocks);
   printf("diff b c: bytes=%lld blocks=%lld\n", bytes, blocks);
   VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak);
   printf("current above baseline: %lld\n", (long long)(cur - cur0));
   printf("peak above baseline: %lld\n", (long long)(peak - cur0));
   free(q);
   p[0] = 0;
   return 0;
}
