/* --trace-at-start=no: nothing is recorded until VALGRIND_MEMSNAP_START().
     @PRE      a = malloc(111) before START
     @PRE2     c = malloc(50) before START
     START
     @POST     b = malloc(222)
     @REALLOC  c = realloc(c, 70): with --trace-at-start=no c was not traced,
               so (as tracemalloc does for a realloc of an untraced block)
               it becomes a traced 70 B block at this line
     snapshot "s"; then a is freed.
   With --trace-at-start=no:  is_tracing 0, START returns 1, is_tracing 1;
     "s" holds @POST 222 B and @REALLOC 70 B; freeing a (untraced) is
     ignored.  Summary: Total 292 bytes in 2 blocks, At peak 292 in 2,
     At exit 292 in 2.
   With the default: is_tracing 1, 1, 1; "s" holds @POST 222 B, @PRE 111 B
     and @REALLOC 70 B.  Summary: Total 111+50+222+70 = 453 bytes in 4
     blocks; At peak 111+222+70 = 403 bytes in 3 blocks (the realloc
     replaces the 50 B block); At exit 292 bytes in 2 blocks. */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

int main(void)
{
   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   printf("is_tracing = %lu\n", VALGRIND_MEMSNAP_IS_TRACING());
   char* a = malloc(111);                             /* @PRE */
   char* c = malloc(50);                              /* @PRE2 */
   printf("start = %lu\n", VALGRIND_MEMSNAP_START());
   printf("is_tracing = %lu\n", VALGRIND_MEMSNAP_IS_TRACING());
   char* b = malloc(222);                             /* @POST */
   c = realloc(c, 70);                                /* @REALLOC */
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "lineno", 0);
   free(a);
   b[0] = c[0] = 0;
   return 0;
}
