/* stress.c: random malloc, calloc, realloc, posix_memalign and free against
   the program's own accounting, to check memsnap's live-block table
   (memsnap/msn_blocks.c) and its totals.

   400,000 operations over 20,000 slots, from a fixed-seed generator, so the
   run is the same every time.  Sizes are mostly 0-2,000 bytes, sometimes
   up to 200,000, and one in 1,000 from 1 to 2 MiB.  Every 1,000 operations VALGRIND_MEMSNAP_GET_TRACED must
   report exactly the program's own sum of live requested sizes (plus the
   baseline measured at the start), and malloc_usable_size must be at least
   the requested size.  Then, if the system gives it, one block of 5 GiB
   (a size that does not fit in 32 bits) is allocated, shrunk in place to
   another size above 4 GiB and then to 100 bytes, checked each time, and
   freed.  Prints "mismatch ..." on any difference, then "checks N, mismatches
   M" and "big ..." lines.  Natively GET_TRACED does nothing: the program
   then only checks itself. */
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <valgrind/memsnap.h>

#define RANDOM_SEED 88172645463325252ULL
#include "selfcheck.h"

#define N_SLOTS 20000
#define N_OPS   400000

/* Mostly 0-2,000 bytes; one in 100 up to 200,000; one in 1,000 from 1 to
   2 MiB (sizes the block table keeps in its side table). */
static size_t random_size(void)
{
   unsigned long long r = next_random();
   if (r % 1000 == 7)
      return (size_t)(1 << 20) + (size_t)(r % (1 << 20));
   return (r % 100 == 0) ? (size_t)(r % 200000) : (size_t)(r % 2000);
}

static void* slot[N_SLOTS];
static size_t slot_szB[N_SLOTS];

static void* allocate(size_t szB)
{
   void* p = NULL;
   switch (next_random() % 4) {
   case 0:  p = malloc(szB); break;
   case 1:  p = calloc(1, szB); break;
   case 2:  if (posix_memalign(&p, (size_t)64 << (next_random() % 6), szB))
               p = NULL;
            break;
   default: p = realloc(NULL, szB); break;
   }
   return p;
}

static void one_operation(int op)
{
   int    i   = (int)(next_random() % N_SLOTS);
   size_t szB = random_size();
   if (slot[i] && next_random() % 3 == 0) {            /* resize */
      void* p = realloc(slot[i], szB ? szB : 1);
      if (!p)
         return;
      live_szB += (szB ? szB : 1);
      live_szB -= slot_szB[i];
      slot[i] = p;
      slot_szB[i] = szB ? szB : 1;
   } else if (slot[i] != NULL) {                               /* free */
      free(slot[i]);
      live_szB -= slot_szB[i];
      slot[i] = NULL;
   } else if ((slot[i] = allocate(szB)) != NULL) {     /* allocate */
      slot_szB[i] = szB;
      live_szB += szB;
      if (malloc_usable_size(slot[i]) < szB) {
         mismatches++;
         printf("mismatch at op %d: usable size below %zu\n", op, szB);
      }
   }
}

/* A size above 4 GiB, then shrunk in place twice: to another size above
   4 GiB, then to 100 bytes (no copying, so it stays fast). */
static void big_block(void)
{
   size_t big = (size_t)5 << 30;
   char*  p   = malloc(big);
   if (!p) {
      printf("big: unavailable\n");
      return;
   }
   live_szB += big;
   check_traced(-1);
   p[0] = 'x';
   char* q = realloc(p, big - 4096);
   if (q) {
      p = q;
      live_szB -= 4096;
   }
   check_traced(-2);
   q = realloc(p, 100);
   if (q) {
      p = q;
      live_szB -= big - 4096 - 100;
   }
   check_traced(-3);
   printf("big: %s\n", p[0] == 'x' ? "kept its first byte" : "LOST DATA");
   free(p);
   live_szB -= q ? 100 : big - 4096;
   check_traced(-4);
}

int main(void)
{
   run_checked("stress", N_OPS, one_operation);
   for (int i = 0; i < N_SLOTS; i++) {
      free(slot[i]);
      live_szB -= slot[i] ? slot_szB[i] : 0;
      slot[i] = NULL;
   }
   check_traced(N_OPS);
   printf("checks %d, mismatches %d\n", checks, mismatches);
   big_block();
   printf("checks %d, mismatches %d\n", checks, mismatches);
   return 0;
}
