/* ticks.c: a program that takes a snapshot under the same name again and
   again, as a server taking "tick" every minute does.  Only the most
   recent "tick" can be named, so memsnap keeps the table of that one only
   (the others are in the file already).

   50 rounds: @T allocates 100 B, then TAKE "tick" (ids 1-50).  Then the
   program forks; the child allocates @C 7 B and takes "child" (id 51 in
   both processes' numbering).  Both processes exit.
   The parent's file: ticks 1-50, peak, exit.  The child's file (a new
   file, written from memory): tick 50 only (1-49 are shadowed), child,
   peak, exit.  COMPARE tick -> now in the child, lineno:
     @C: size=7 B (+7 B), count=1 (+1), average=7 B
     @T: size=5000 B (+0 B), count=50 (+0), average=100 B */
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>
#include <valgrind/memsnap.h>

static char* keep[50];

int main(void)
{
   for (int i = 0; i < 50; i++) {
      keep[i] = malloc(100);                                   /* @T */
      VALGRIND_MEMSNAP_TAKE("tick");
   }
   pid_t pid = fork();
   if (pid == 0) {
      char* c = malloc(7);                                     /* @C */
      VALGRIND_MEMSNAP_TAKE("child");
      VALGRIND_MEMSNAP_COMPARE("tick", "now", "lineno", 0);
      free(c);
      _exit(0);
   }
   waitpid(pid, NULL, 0);
   for (int i = 0; i < 50; i++)
      free(keep[i]);
   return 0;
}
