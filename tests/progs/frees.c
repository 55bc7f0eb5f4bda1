/* Frees between snapshots: negative diffs, and entries that disappear
   show as `size=0 B (-N B), count=0 (-K)` without an average.

     @L1  ten blocks of 100 B (one loop line)          1000 B, 10 blocks
     @L2  b = malloc(20480)   (20.0 KiB)
     @L3  c = malloc(3000)
   snapshot "full"; then 4 of the @L1 blocks and b are freed;
   snapshot "partial"; then the other 6 @L1 blocks are freed;
   snapshot "empty" (only c is live).

   compare full -> partial (lineno):
     @L2: size=0 B (-20.0 KiB), count=0 (-1)
     @L1: size=600 B (-400 B), count=6 (-4), average=100 B
     @L3: size=3000 B (+0 B), count=1 (+0), average=3000 B
   compare partial -> empty:
     @L1: size=0 B (-600 B), count=0 (-6)
     @L3: size=3000 B (+0 B), count=1 (+0), average=3000 B
   compare start -> empty (keys in neither snapshot are not listed):
     @L3: size=3000 B (+3000 B), count=1 (+1), average=3000 B
   DIFF full -> partial = -20880 bytes, -5 blocks (400 + 20480);
        partial -> empty = -600 bytes, -6 blocks;
        full -> start = -24480 bytes, -12 blocks.
   c is freed at the end: Total 24480 bytes in 12 blocks, At peak 24480
   bytes in 12 blocks, At exit 0 (the program's own part). */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

static void diff(const char* old, const char* new)
{
   long long bytes = 0, blocks = 0;
   VALGRIND_MEMSNAP_DIFF(old, new, &bytes, &blocks);
   printf("diff %s %s: bytes=%lld blocks=%lld\n", old, new, bytes, blocks);
}

int main(void)
{
   char* a[10];

   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   VALGRIND_MEMSNAP_TAKE("start");
   for (int i = 0; i < 10; i++)
      a[i] = malloc(100);                            /* @L1 */
   char* b = malloc(20480);                          /* @L2 */
   char* c = malloc(3000);                           /* @L3 */
   VALGRIND_MEMSNAP_TAKE("full");
   for (int i = 0; i < 4; i++)
      free(a[i]);
   free(b);
   VALGRIND_MEMSNAP_TAKE("partial");
   for (int i = 4; i < 10; i++)
      free(a[i]);
   VALGRIND_MEMSNAP_TAKE("empty");
   VALGRIND_MEMSNAP_COMPARE("full", "partial", "lineno", 0);
   VALGRIND_MEMSNAP_COMPARE("partial", "empty", "lineno", 0);
   VALGRIND_MEMSNAP_COMPARE("start", "empty", "lineno", 0);
   diff("full", "partial");
   diff("partial", "empty");
   diff("full", "start");
   free(c);
   return 0;
}
