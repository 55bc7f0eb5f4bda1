/* Built WITHOUT -g: no frame has line information, so a block is keyed by
   its innermost function and object (docs/memsnap.md,
   "Attribution"):
     alloc_it (a static function): malloc(300)
     main: malloc(200)
   Snapshot "s":
     lineno:   "alloc_it (nodebug):0: size=300 B, count=1, average=300 B" and
               "main (nodebug):0: size=200 B, count=1, average=200 B"
     function: alloc_it 300 B, main 200 B
     filename: the same as lineno (line 0 of "alloc_it (nodebug)") */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

__attribute__((noinline)) static void* alloc_it(size_t n)
{
   return malloc(n);
}

static void* keep[2];

int main(void)
{
   keep[0] = alloc_it(300);
   keep[1] = malloc(200);
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "lineno", 0);
   VALGRIND_MEMSNAP_STATS("s", "function", 0);
   VALGRIND_MEMSNAP_STATS("s", "filename", 0);
   printf("done\n");
   return 0;
}
