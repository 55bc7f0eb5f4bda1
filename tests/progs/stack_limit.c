/* stack_limit.c: the main thread allocates at the bottom of a recursion
   deeper than 16 KiB, before and after it lowers its RLIMIT_STACK to 16
   KiB, and after it sets the limit back.  Valgrind takes the limit as the
   size of the main thread's stack; memsnap's unwind memo keeps the bounds
   it read at the first allocation (own_stack in memsnap/msn_unwind.c), so
   it goes on reusing these stacks, and every reuse must be right.  Built
   -O2 without frame pointers, as the memo only reuses stacks of such code.
     stack_limit */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

#define NOINLINE __attribute__((noinline))
#define LEVELS   48     // frames of more than 512 bytes each: over 24 KiB
#define N        2000   // blocks per phase

static void* kept[3 * N];
static int   n_kept;

NOINLINE static void descend(int level)
{
   volatile char pad[512];
   pad[level % 512] = (char)level;
   if (level > 0)
      descend(level - 1);
   else
      for (int i = 0; i < N; i++) {
         void* p = malloc(16 + i % 64);
         __asm__ volatile("" : : "r"(p) : "memory");
         kept[n_kept++] = p;
      }
   __asm__ volatile("" : : "r"(pad) : "memory");
}

static int set_stack_limit(rlim_t cur)
{
   struct rlimit r;
   if (getrlimit(RLIMIT_STACK, &r) != 0)
      return -1;
   r.rlim_cur = cur;
   return setrlimit(RLIMIT_STACK, &r);
}

int main(void)
{
   struct rlimit first;
   if (getrlimit(RLIMIT_STACK, &first) != 0) {
      perror("getrlimit");
      return 1;
   }
   descend(LEVELS);
   if (set_stack_limit(16 * 1024) != 0) {
      perror("setrlimit");
      return 1;
   }
   descend(LEVELS);
   if (set_stack_limit(first.rlim_cur) != 0) {
      perror("setrlimit");
      return 1;
   }
   descend(LEVELS);
   printf("stack_limit: %d blocks\n", n_kept);
   return 0;
}
