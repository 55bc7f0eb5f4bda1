/* Second source file of the keys test (see keys.c): one allocation site in
   another file, for the filename key.
     @U1  util_alloc's malloc: two blocks of 50 B */
#include <stdlib.h>

void* util_alloc(size_t n);

__attribute__((noinline)) void* util_alloc(size_t n)
{
   return malloc(n);                                  /* @U1 */
}
