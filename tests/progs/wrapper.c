/* An allocation wrapper called from six places: the hint at exit suggests
   --alloc-fn=xmalloc, and with it each block is charged to its caller.
     @XM      xmalloc's malloc
     @C1..@C6 its callers: 100, 200, ... 600 bytes
   The blocks are still allocated at exit. */
#include <stdio.h>
#include <stdlib.h>

__attribute__((noinline)) static void* xmalloc(size_t n)
{
   void* p = malloc(n);                                      /* @XM */
   if (p == NULL)
      abort();
   return p;
}

static void* keep[6];

int main(void)
{
   keep[0] = xmalloc(100);                                   /* @C1 */
   keep[1] = xmalloc(200);                                   /* @C2 */
   keep[2] = xmalloc(300);                                   /* @C3 */
   keep[3] = xmalloc(400);                                   /* @C4 */
   keep[4] = xmalloc(500);                                   /* @C5 */
   keep[5] = xmalloc(600);                                   /* @C6 */
   return keep[5] == NULL;
}
