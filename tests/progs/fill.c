/* A program that fills its output file: it takes SNAPSHOTS snapshots
   (argv[1]), each after a malloc at one of 16 stacks (recursion depths),
   so that the file grows by some hundred bytes a snapshot.  With a second
   argument LIMIT it first sets its own file size limit (RLIMIT_FSIZE,
   soft and hard) to LIMIT bytes, as a program that writes small files
   might; it writes no file itself.  It prints the number of snapshots
   taken and exits 0: under memsnap too, whatever happens to memsnap's file
   (full disk, the limit reached). */
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <valgrind/memsnap.h>

static void* keep[4096];

/* Allocates at a stack of depth + 1 frames. */
static void* alloc_at(int depth, size_t size)
{
   if (depth == 0)
      return malloc(size);                              /* @A */
   void* p = alloc_at(depth - 1, size);
   __asm__ volatile("" ::: "memory");                   /* no tail call */
   return p;
}

int main(int argc, char** argv)
{
   if (argc < 2 || argc > 3)
      return 2;
   int n = atoi(argv[1]);
   if (argc == 3) {
      struct rlimit limit = { atol(argv[2]), atol(argv[2]) };
      if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
         return 3;
   }
   for (int i = 0; i < n; i++) {
      keep[i % 4096] = alloc_at(i % 16, 100 + i);
      VALGRIND_MEMSNAP_TAKE("tick");
   }
   printf("took %d snapshots\n", n);
   return 0;
}
