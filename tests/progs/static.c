/* static.c: linked statically (tests/tool/local.mk), so that Valgrind
   cannot replace its malloc: 200 rounds of 1,000 malloc/free pairs that
   memsnap never sees.  Prints "done". */
#include <stdio.h>
#include <stdlib.h>

int main(void)
{
   void* p[1000];
   for (int round = 0; round < 200; round++) {
      for (int i = 0; i < 1000; i++)
         p[i] = malloc(100 + i);
      for (int i = 0; i < 1000; i++)
         free(p[i]);
   }
   puts("done");
   return 0;
}
