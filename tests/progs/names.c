/* Takes N snapshots (argv[1]) of distinct names "n0", "n1", ... after one
   malloc each, then one more called "n0" again, and checks the ids
   TAKE returns (1, 2, ... N+1): the cost of a name must not grow with the
   number of names taken before (names.t compares the time of 25,000 and
   100,000 names).  Prints "ok N" natively too (TAKE is then 0, and not
   checked). */
#include <stdio.h>
#include <stdlib.h>
#include <valgrind/memsnap.h>
#include <valgrind/valgrind.h>

int main(int argc, char** argv)
{
   int n = argc > 1 ? atoi(argv[1]) : 0;
   int under = RUNNING_ON_VALGRIND;
   char name[32];
   for (int i = 0; i < n; i++) {
      (void)malloc(16);
      snprintf(name, sizeof name, "n%d", i);
      unsigned long id = VALGRIND_MEMSNAP_TAKE(name);
      if (under && id != (unsigned long)i + 1) {
         printf("take %s = %lu, expected %d\n", name, id, i + 1);
         return 1;
      }
   }
   unsigned long id = VALGRIND_MEMSNAP_TAKE("n0");
   if (under && n > 0 && id != (unsigned long)n + 1) {
      printf("take n0 again = %lu, expected %d\n", id, n + 1);
      return 1;
   }
   printf("ok %d\n", n);
   return 0;
}
