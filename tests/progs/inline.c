/* Built with -O2 -g: make_buf is always inlined into main, yet the block
   is attributed to the line inside make_buf, and with the function key to
   make_buf (Valgrind's inline info, read by default for memsnap).
     @INL      make_buf: malloc(4096)   (inlined into main at @CALLINL)
     @DIRECT   main: malloc(128)
   Snapshot "s":
     lineno:   inline.c:@INL 4096 B, 1 block; inline.c:@DIRECT 128 B
     function: make_buf 4096 B; main 128 B
     traceback of the 4096 B block: make_buf (inline.c:@INL), then main
       (inline.c:@CALLINL). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>

void* volatile sink[2];

static inline __attribute__((always_inline)) void* make_buf(size_t n)
{
   void* p = malloc(n);                               /* @INL */
   if (p != NULL)
      memset(p, 1, n);
   return p;
}

int main(void)
{
   sink[0] = make_buf(4096);                          /* @CALLINL */
   sink[1] = malloc(128);                             /* @DIRECT */
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "lineno", 0);
   VALGRIND_MEMSNAP_STATS("s", "function", 0);
   VALGRIND_MEMSNAP_STATS("s", "traceback", 0);
   printf("done\n");
   return 0;
}
