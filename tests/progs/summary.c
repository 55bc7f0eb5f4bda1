/* Exit summary with thousands separators and the top statistics at exit.
     @L1  1000 blocks of 1234 B  = 1,234,000 B; then 600 of them are freed
     @L2  one block of 100 B, allocated after the frees
   The program's own part of the summary:
     Total:     1,234,100 bytes in 1,001 blocks
     At peak:   1,234,000 bytes in 1,000 blocks
     At exit:   493,700 bytes in 401 blocks
   Top statistics at exit (lineno): @L1 "size=482 KiB, count=400,
   average=1234 B" (400 * 1234 = 493600 B = 482.03 KiB), @L2 "size=100 B,
   count=1, average=100 B".  No zero-size request: also a DHAT yardstick
   program. */
#include <stdlib.h>

static char* blocks[1000];

int main(void)
{
   for (int i = 0; i < 1000; i++)
      blocks[i] = malloc(1234);                       /* @L1 */
   for (int i = 0; i < 600; i++)
      free(blocks[i]);
   char* last = malloc(100);                          /* @L2 */
   last[0] = 0;
   return 0;
}
