/* selfcheck.h: what the random-operation test programs (stress.c,
   slabs.c) share: a fixed-seed generator, so that a run is the same every
   time, and the check of memsnap's traced bytes against the program's own
   count, every 1,000 operations of a run.

   Define RANDOM_SEED before including it.  The program keeps live_szB,
   the sum of the requested sizes of its live blocks, and sets baseline
   to what GET_TRACED reports before its first allocation; check_traced
   counts a check, and a mismatch (printed) when memsnap disagrees.
   Natively GET_TRACED does nothing, so nothing is checked. */
#ifndef SELFCHECK_H
#define SELFCHECK_H

#include <stdio.h>
#include <valgrind/memsnap.h>

static unsigned long long random_state = RANDOM_SEED;
static unsigned long long live_szB, baseline;
static int mismatches, checks;

static unsigned long long next_random(void)   /* xorshift64 */
{
   random_state ^= random_state << 13;
   random_state ^= random_state >> 7;
   random_state ^= random_state << 17;
   return random_state;
}

static void check_traced(int op)
{
   unsigned long long cur = 0, peak = 0;
   checks++;
   if (VALGRIND_MEMSNAP_GET_TRACED(&cur, &peak) && cur != baseline + live_szB) {
      mismatches++;
      printf("mismatch at op %d: traced %llu, expected %llu\n", op, cur,
             baseline + live_szB);
   }
}

/* Prints "name: n_ops operations" (which allocates stdout's buffer
   first), takes the baseline, then runs one_operation n_ops times with a
   check every 1,000. */
static void run_checked(const char* name, int n_ops,
                        void (*one_operation)(int op))
{
   unsigned long long peak;
   printf("%s: %d operations\n", name, n_ops);
   VALGRIND_MEMSNAP_GET_TRACED(&baseline, &peak);
   for (int op = 0; op < n_ops; op++) {
      one_operation(op);
      if (op % 1000 == 999)
         check_traced(op);
   }
}

#endif
