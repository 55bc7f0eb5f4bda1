/* fork with --memsnap-out-file=.../memsnap.out.%p: one complete file per
   process.
     @P   parent, before fork: a = malloc(4242), then snapshot "before-fork"
     child:  @C  b = malloc(777), snapshot "child", exit(0)
     parent: waits for the child, @PP c = malloc(1000), snapshot "parent"
   Parent's file: pid = the parent, snapshot "parent" holds @P 4242 B and
   @PP 1000 B, no "child" snapshot, exit snapshot and summary.
   Child's file: pid = the child, ppid = the parent, snapshot "child" holds
   @P 4242 B (inherited) and @C 777 B, no "parent" snapshot, exit snapshot
   and summary.  stdout: "child pid N take=ID" and "parent take=ID". */
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

static char outbuf[4096];

int main(void)
{
   setvbuf(stdout, outbuf, _IOLBF, sizeof outbuf);
   char* a = malloc(4242);                            /* @P */
   VALGRIND_MEMSNAP_TAKE("before-fork");
   fflush(stdout);
   pid_t pid = fork();
   if (pid < 0) {
      perror("fork");
      return 1;
   }
   if (pid == 0) {
      char* b = malloc(777);                          /* @C */
      unsigned long id = VALGRIND_MEMSNAP_TAKE("child");
      printf("child pid %ld take=%lu\n", (long)getpid(), id);
      b[0] = a[0] = 0;
      exit(0);
   }
   int status;
   waitpid(pid, &status, 0);
   char* c = malloc(1000);                            /* @PP */
   unsigned long id = VALGRIND_MEMSNAP_TAKE("parent");
   printf("parent take=%lu child status=%d\n", id, status);
   c[0] = 0;
   return 0;
}
