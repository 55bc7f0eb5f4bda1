/* The order of two snapshots between which nothing was allocated but a
   block was freed while temporary.

     @B   one block of 4 B; snapshot "before"; the block freed (it is the
          latest allocation: temporary); snapshot "after".
   "before" and "after" have the same bytes allocated so far; "after" has
   one more temporary block, so it is the later one: COMPARE(before,
   after) by lineno,temporary prints @B (4 B in 1 block), COMPARE(after,
   before) is refused as the wrong order (the expected lines are in
   churn.t). */
#include <stdlib.h>
#include <valgrind/memsnap.h>

void* volatile sink;

int main(void)
{
   char* b = malloc(4);                                        /* @B */
   sink = b;
   VALGRIND_MEMSNAP_TAKE("before");
   free(b);
   VALGRIND_MEMSNAP_TAKE("after");
   VALGRIND_MEMSNAP_COMPARE("before", "after", "lineno,temporary", 0);
   VALGRIND_MEMSNAP_COMPARE("after", "before", "lineno,temporary", 0);   /* refused */
   return 0;
}
