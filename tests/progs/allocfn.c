/* --alloc-fn: a program with its own allocation wrappers.
     @XM       xmalloc: malloc, abort on NULL
     @MYA      my_alloc calls xmalloc
     @MYC      my_zalloc calls calloc
     @CALLX1   main: xmalloc(100)
     @CALLX2   main: xmalloc(200)
     @CALLMYA  main: my_alloc(300)
     @CALLMYC  main: my_zalloc(400)
   Snapshot "s" (lineno key), by options:
     (none)                        @XM 600 B/3, @MYC 400 B/1
     --alloc-fn=xmalloc            @CALLX1 100, @CALLX2 200, @MYA 300,
                                   @MYC 400 (1 block each)
     --alloc-fn=xmalloc --alloc-fn='my_*'
                                   @CALLX1 100, @CALLX2 200, @CALLMYA 300,
                                   @CALLMYC 400
     --alloc-fn='my_*'             @XM 600/3 (xmalloc is at the top of those
                                   stacks and does not match, so nothing is
                                   skipped), @CALLMYC 400 */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>

void* xmalloc(size_t n);
void* my_alloc(size_t n);
void* my_zalloc(size_t n);

__attribute__((noinline)) void* xmalloc(size_t n)
{
   void* p = malloc(n);                               /* @XM */
   if (p == NULL)
      abort();
   return p;
}

__attribute__((noinline)) void* my_alloc(size_t n)
{
   return xmalloc(n);                                 /* @MYA */
}

__attribute__((noinline)) void* my_zalloc(size_t n)
{
   return calloc(1, n);                               /* @MYC */
}

static void* keep[4];

int main(void)
{
   keep[0] = xmalloc(100);                            /* @CALLX1 */
   keep[1] = xmalloc(200);                            /* @CALLX2 */
   keep[2] = my_alloc(300);                           /* @CALLMYA */
   keep[3] = my_zalloc(400);                          /* @CALLMYC */
   VALGRIND_MEMSNAP_TAKE("s");
   VALGRIND_MEMSNAP_STATS("s", "lineno", 0);
   printf("done\n");
   return 0;
}
