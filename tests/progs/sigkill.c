/* A client killed by SIGKILL from outside.  It takes two snapshots, then
   creates the file named by its argument (the test waits for it) and
   sleeps; the test kills the Valgrind process with SIGKILL.  memsnap's file
   must hold both snapshots, complete, and no summary.
     @A  malloc(5000), snapshot "one"
     @B  malloc(6000), snapshot "two" */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

int main(int argc, char** argv)
{
   if (argc != 2)
      return 2;
   char* a = malloc(5000);                            /* @A */
   VALGRIND_MEMSNAP_TAKE("one");
   char* b = malloc(6000);                            /* @B */
   VALGRIND_MEMSNAP_TAKE("two");
   int fd = open(argv[1], O_WRONLY | O_CREAT | O_EXCL, 0644);
   if (fd >= 0)
      close(fd);
   for (int i = 0; i < 120; i++)
      sleep(1);
   a[0] = b[0] = 0;
   return 3;
}
