/* Attribution through the C library, whatever debug info it has: each
   block is allocated inside libc on behalf of a line of this file.
     @DUP1    strdup of 10 characters (11 B)
     @DUP2    strdup of 20 characters (21 B)
     @FOPEN   fopen of this program's own file (the FILE)
     @ASPR    asprintf
     @GETLINE getline's buffer
   Snapshot "s" holds them all. */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>

int main(int argc, char** argv)
{
   (void)argc;
   char* a = strdup("0123456789");                           /* @DUP1 */
   char* b = strdup("01234567890123456789");                 /* @DUP2 */
   FILE* f = fopen(argv[0], "r");                            /* @FOPEN */
   char* s = NULL;
   if (asprintf(&s, "%s and %s", a, b) < 0)                  /* @ASPR */
      return 1;
   char*  line = NULL;
   size_t cap  = 0;
   if (f == NULL || getline(&line, &cap, f) < 0)             /* @GETLINE */
      return 1;
   VALGRIND_MEMSNAP_TAKE("s");
   free(line);
   free(s);
   fclose(f);
   free(b);
   free(a);
   return 0;
}
