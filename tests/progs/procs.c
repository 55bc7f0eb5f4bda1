/* Processes and their files (procs.t).  Each mode prints the pids the test
   needs, one "NAME PID" a line, and exits 0 when all went well.
     tree        takes "top"; forks a child that takes "child" and forks a
                 grandchild that takes "grandchild"; each waits for its
                 child, then the child takes "child-after" and the parent
                 "top-after".
     unset VAR   unsets VAR, then forks a child that takes "child"; exits
                 with the child's status (1 if the child did not run).
     exec        takes "before-exec", then execs itself as `procs after`.
     exec-bare   execs itself as `procs after` at once (as a wrapper).
     after       takes "after-exec".
     fork-exec   takes "top"; forks a child that execs `procs after`;
                 waits for it, then takes "top-after". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

static char* self;

static void take(const char* name)
{
   (void)malloc(100);
   VALGRIND_MEMSNAP_TAKE(name);
}

/* Waits for child pid; returns its exit status, or 99. */
static int wait_for(pid_t pid)
{
   int status;
   if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
      return 99;
   return WEXITSTATUS(status);
}

static void exec_after(void)
{
   fflush(stdout);
   execl(self, self, "after", (char*)NULL);
   perror("execl");
   exit(98);
}

static int tree(void)
{
   take("top");
   fflush(stdout);
   pid_t child = fork();
   if (child == 0) {
      take("child");
      fflush(stdout);
      pid_t grandchild = fork();
      if (grandchild == 0) {
         take("grandchild");
         exit(0);
      }
      printf("grandchild %d\n", (int)grandchild);
      int status = wait_for(grandchild);
      take("child-after");
      exit(status);
   }
   printf("child %d\n", (int)child);
   int status = wait_for(child);
   take("top-after");
   return status;
}

int main(int argc, char** argv)
{
   self = argv[0];
   setvbuf(stdout, NULL, _IOLBF, 0);
   const char* mode = argc > 1 ? argv[1] : "";
   if (strcmp(mode, "tree") == 0)
      return tree();
   if (strcmp(mode, "unset") == 0 && argc == 3) {
      unsetenv(argv[2]);
      pid_t child = fork();
      if (child == 0) {
         take("child");
         exit(0);
      }
      printf("child %d\n", (int)child);
      return wait_for(child);
   }
   if (strcmp(mode, "exec") == 0) {
      take("before-exec");
      exec_after();
   }
   if (strcmp(mode, "exec-bare") == 0)
      exec_after();
   if (strcmp(mode, "after") == 0) {
      take("after-exec");
      return 0;
   }
   if (strcmp(mode, "fork-exec") == 0) {
      take("top");
      fflush(stdout);
      pid_t child = fork();
      if (child == 0)
         exec_after();
      printf("child %d\n", (int)child);
      int status = wait_for(child);
      take("top-after");
      return status;
   }
   return 2;
}
