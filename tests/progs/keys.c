/* Every statistics key, and cumulative mode, on one snapshot "s" taken
   after these allocations (nothing is freed):
     @M1       main:        p = malloc(1000)         1000 B, 1 block
     @CALLMID  main calls mid(200) three times; mid (@MID) calls leaf,
               leaf (@LEAF) calls malloc:             600 B, 3 blocks
     @CALLU    main calls util_alloc(50) twice; util_alloc (keys_util.c
               @U1) calls malloc:                     100 B, 2 blocks

   lineno:   keys.c:@M1 1000 B/1, keys.c:@LEAF 600 B/3 (average 200 B),
             keys_util.c:@U1 100 B/2 (average 50 B)
   filename: keys.c:0 1600 B/4 (average 400 B), keys_util.c:0 100 B/2
   function: main 1000 B/1, leaf 600 B/3, util_alloc 100 B/2
   lineno,cumulative (every frame counts; ties in size and count sorted by
   (file, line) descending, so CALLMID before MID before LEAF, and
   keys_util.c before keys.c since '_' > '.'):
             keys.c:@M1 1000/1; keys.c:@CALLMID, @MID, @LEAF 600/3 each;
             keys_util.c:@U1 and keys.c:@CALLU 100/2 each.
             (Stacks end at main, as Valgrind's do without
             --show-below-main=yes; should frames below main appear, they
             would come first with 1700 B/6 each.)
   filename,cumulative: keys.c:0 = 1000 + 3*600 + 100 = 2900 B, 1+9+2 = 12
             blocks; keys_util.c:0 100 B/2.
   traceback,cumulative: not allowed (one warning line, program goes on).
   compare start -> s by filename: keys.c:0 +1600 B/+4, keys_util.c:0
   +100 B/+2. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

void* util_alloc(size_t n);

__attribute__((noinline)) static void* leaf(size_t n)
{
   return malloc(n);                                  /* @LEAF */
}

__attribute__((noinline)) static void* mid(size_t n)
{
   return leaf(n);                                    /* @MID */
}

static void* keep[8];

int main(void)
{
   VALGRIND_MEMSNAP_TAKE("start");
   keep[0] = malloc(1000);                            /* @M1 */
   for (int i = 1; i <= 3; i++)
      keep[i] = mid(200);                             /* @CALLMID */
   for (int i = 4; i <= 5; i++)
      keep[i] = util_alloc(50);                       /* @CALLU */
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "lineno", 0);
   VALGRIND_MEMSNAP_STATS("s", "filename", 0);
   VALGRIND_MEMSNAP_STATS("s", "function", 0);
   VALGRIND_MEMSNAP_STATS("s", "traceback", 0);
   VALGRIND_MEMSNAP_STATS("s", "lineno,cumulative", 0);
   VALGRIND_MEMSNAP_STATS("s", "filename,cumulative", 0);
   VALGRIND_MEMSNAP_STATS("s", "traceback,cumulative", 0);
   VALGRIND_MEMSNAP_COMPARE("start", "s", "filename", 0);
   VALGRIND_MEMSNAP_COMPARE("start", "s", "function", 0);
   VALGRIND_MEMSNAP_STATS("s", "lineno", 2);
   printf("done\n");
   return 0;
}
