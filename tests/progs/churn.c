/* Allocation churn: each line's allocations and temporary blocks.

     @T   1000 blocks of 32 B, each freed at once: 32,000 B, all temporary
     @K   10 blocks of 100 B, kept until after the snapshot "mid"
     @Z   one block of 0 B, freed after @K's: not the latest, not temporary
     @R   buf = realloc(buf, 10 * i) for i = 1 .. 5, buf starting NULL:
          5 blocks, 10+20+30+40+50 = 150 B; each realloc ends the
          allocation before it while that is the latest: 4 temporary,
          10+20+30+40 = 100 B
   then snapshot "mid": allocated 33,150 B in 1,016 blocks, 1,004 of them
   (32,100 B) temporary; the @K blocks, the 0 B block and buf are freed
   (buf is the latest allocation when freed: a 5th temporary block at @R,
   50 B more), then
     @L   one block of 7 B, never freed
   Now: allocated 33,157 B in 1,017 blocks, 1,005 temporary (32,150 B).

   The requests then print (the expected lines are in churn.t): STATS of
   mid by lineno,allocated, of now by lineno,temporary, COMPARE of start
   -> mid and mid -> now by lineno,allocated; then the refused ones: the
   wrong order, two measures, and after CLEAR_TRACES (which makes @L
   untraced and empties every line's churn) a compare across the clear.
     @A   one block of 3 B, freed at once: the only allocation since the
          clear, temporary
   Exit summary: Total 33,160 B in 1,018 blocks (the run's); At exit 0 B;
   most allocations (since the clear): @A, 3 B in 1 block. */
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>

static char* keep[10];

int main(void)
{
   VALGRIND_MEMSNAP_TAKE("start");
   for (int i = 0; i < 1000; i++) {
      char* t = malloc(32);                                    /* @T */
      memset(t, i, 32);
      free(t);
   }
   for (int i = 0; i < 10; i++)
      keep[i] = malloc(100);                                   /* @K */
   char* zero = malloc(0);                                     /* @Z */
   char* buf  = NULL;
   for (int i = 1; i <= 5; i++)
      buf = realloc(buf, 10 * i);                              /* @R */
   VALGRIND_MEMSNAP_TAKE("mid");
   for (int i = 0; i < 10; i++)
      free(keep[i]);
   free(zero);
   free(buf);
   char* last = malloc(7);                                     /* @L */
   last[0] = 0;

   VALGRIND_MEMSNAP_STATS("mid", "lineno,allocated", 0);
   VALGRIND_MEMSNAP_STATS("now", "lineno,temporary", 0);
   VALGRIND_MEMSNAP_COMPARE("start", "mid", "lineno,allocated", 0);
   VALGRIND_MEMSNAP_COMPARE("mid", "now", "lineno,allocated", 0);
   VALGRIND_MEMSNAP_COMPARE("now", "mid", "lineno,allocated", 0);     /* refused */
   VALGRIND_MEMSNAP_STATS("mid", "lineno,allocated,temporary", 0);    /* refused */
   VALGRIND_MEMSNAP_CLEAR_TRACES();
   VALGRIND_MEMSNAP_COMPARE("mid", "now", "lineno,temporary", 0);     /* refused */
   char* after = malloc(3);                                    /* @A */
   free(after);
   return last[0];
}
