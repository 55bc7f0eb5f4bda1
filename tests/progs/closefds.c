/* closefds.c: a program that closes every file descriptor from 3 to 1023
   (as daemons do) between two snapshots.  memsnap's output file must not
   be among them: the second snapshot ("after") and the exit snapshot must
   still reach the file.  @A allocates 1000 B before, @B 2000 B after. */
#include <stdlib.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

int main(void)
{
   char* a = malloc(1000);                                     /* @A */
   VALGRIND_MEMSNAP_TAKE("before");
   for (int fd = 3; fd < 1024; fd++)
      close(fd);
   char* b = malloc(2000);                                     /* @B */
   VALGRIND_MEMSNAP_TAKE("after");
   free(a);
   free(b);
   return 0;
}
