/* peak.c: a run with a known peak history, for the `peak' snapshot and the
   timeline.  stdout uses a static buffer, so the program allocates only
   what is listed here.

   phase 1  @P1 8,000 B, then @P2 100 blocks of 1,000 B: 108,000 B in 101
            blocks; all freed.
   phase 2  @P3 50,000 B.  COMPARE peak now:
              P2: size=0 B (-97.7 KiB), count=0 (-100)
              P3: size=48.8 KiB (+48.8 KiB), count=1 (+1), average=48.8 KiB
              P1: size=0 B (-8000 B), count=0 (-1)
   phase 3  @P4 60,000 B (110,000), realloc'ed at @P5 to 70,000 B: the
            peak, 120,000 B in 2 blocks, is reached inside the realloc;
            then freed (50,000).  STATS peak:
              P5: size=68.4 KiB, count=1, average=68.4 KiB
              P3: size=48.8 KiB, count=1, average=48.8 KiB
   phase 4  "creep": @P7 500 blocks of 200 B kept, each followed by a
            10-byte block at @P8 freed at once, so every free follows a new
            high.  The last high: 50,000 + 100,000 + 10 = 150,010 B in 502
            blocks, the run's highest.  Snapshot "creep", then the P7
            blocks are freed (50,000) and the program prints
            "creep: peak - now = N": N = 100,010 with --peak-inaccuracy=0,
            and within 1% below the peak (N >= 98,509.9) with the default.
   phase 5  RESET_PEAK (peak := 50,000), then @P6 30,000 B (80,000), freed:
            the peak since the reset, 80,000 B in 2 blocks (P3, P6), is the
            `peak' snapshot stored at exit, lower than the run's highest.
            "after reset: current 50000, peak 80000".
   P3 is freed at the end.  Summary: Total 423,000 B in 1,105 blocks, At
   peak 150,010 B in 502 blocks (the whole run), At exit 0. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

int main(void)
{
   static char* blocks[500];
   long long diff_szB = 0, diff_blocks = 0;
   unsigned long long cur = 0, peak = 0;
   setvbuf(stdout, outbuf, _IOFBF, sizeof outbuf);

   char* p1 = malloc(8000);                                    /* @P1 */
   for (int i = 0; i < 100; i++)
      blocks[i] = malloc(1000);                                /* @P2 */
   for (int i = 0; i < 100; i++)
      free(blocks[i]);
   free(p1);

   char* p3 = malloc(50000);                                   /* @P3 */
   VALGRIND_MEMSNAP_COMPARE("peak", "now", "lineno", 0);

   char* p4 = malloc(60000);                                   /* @P4 */
   p4 = realloc(p4, 70000);                                    /* @P5 */
   free(p4);
   VALGRIND_MEMSNAP_STATS("peak", "lineno", 0);

   for (int i = 0; i < 500; i++) {
      blocks[i] = malloc(200);                                 /* @P7 */
      free(malloc(10));                                        /* @P8 */
   }
   VALGRIND_MEMSNAP_TAKE("creep");
   for (int i = 0; i < 500; i++)
      free(blocks[i]);
   VALGRIND_MEMSNAP_DIFF("now", "peak", &diff_szB, &diff_blocks);
   printf("creep: peak - now = %lld\n", diff_szB);

   VALGRIND_MEMSNAP_RESET_PEAK();
   char* p6 = malloc(30000);                                   /* @P6 */
   free(p6);
   VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak);
   printf("after reset: current %llu, peak %llu\n", cur, peak);
   free(p3);
   return 0;
}
